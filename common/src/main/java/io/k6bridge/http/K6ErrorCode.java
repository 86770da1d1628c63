package io.k6bridge.http;

/**
 * k6's HTTP error codes (lib/netext/httpext/error_codes.go) for transport failures reported as a
 * Java exception, and k6's fixed text for each, used as the {@code error} tag so that its
 * cardinality stays bounded (never the exception's free-text message).
 *
 * <p>The exception's class decides the code, plus its message where one class covers several k6
 * codes. A class name is matched whole, either fully qualified ({@code java.net.ConnectException},
 * as JMeter reports it) or with each package abbreviated to its first letter ({@code
 * j.n.ConnectException}, as Gatling reports it). Matching compares regions of the caller's string:
 * no allocation, so it may run for every failed request.
 */
public final class K6ErrorCode {
  /** A failure k6 has no more specific code for; it has no fixed text. */
  public static final int DEFAULT = 1000;

  public static final int REQUEST_TIMEOUT = 1050;
  public static final int DNS_NO_SUCH_HOST = 1101;
  public static final int TCP = 1200;
  public static final int TCP_BROKEN_PIPE = 1201;
  public static final int TCP_DIAL = 1210;
  public static final int TCP_DIAL_TIMEOUT = 1211;
  public static final int TCP_DIAL_REFUSED = 1212;
  public static final int TCP_RESET_BY_PEER = 1220;
  public static final int TLS = 1300;
  public static final int X509_UNKNOWN_AUTHORITY = 1310;
  public static final int X509_HOSTNAME = 1311;

  private K6ErrorCode() {}

  /** {@link #forException(String, int, int, String)} for a whole class name. */
  public static int forException(String className, String message) {
    return className == null ? DEFAULT : forException(className, 0, className.length(), message);
  }

  /**
   * k6's code for a failure by the exception whose class name is {@code text[from, to)} (trailing
   * blanks ignored) with {@code message} (may be null).
   */
  public static int forException(String text, int from, int to, String message) {
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    if (isClass(text, from, to, "java.net.ConnectException")
        || isClass(text, from, to, "org.apache.http.conn.HttpHostConnectException")
        || isClass(text, from, to, "io.netty.channel.AbstractChannel$AnnotatedConnectException")) {
      return TCP_DIAL_REFUSED;
    }
    if (isClass(text, from, to, "java.net.UnknownHostException")) {
      return DNS_NO_SUCH_HOST;
    }
    if (isClass(text, from, to, "org.apache.http.conn.ConnectTimeoutException")
        || isClass(text, from, to, "io.netty.channel.ConnectTimeoutException")) {
      return TCP_DIAL_TIMEOUT;
    }
    if (isClass(text, from, to, "java.net.SocketTimeoutException")) {
      // The JDK says "connect timed out" for connects and "Read timed out" for reads.
      return contains(message, "connect timed out") ? TCP_DIAL_TIMEOUT : REQUEST_TIMEOUT;
    }
    if (isClass(text, from, to, "java.net.NoRouteToHostException")) {
      return TCP_DIAL;
    }
    // Netty's native transport reports socket errors as NativeIoException with the OS's text.
    if (isClass(text, from, to, "java.net.SocketException")
        || isClass(text, from, to, "io.netty.channel.unix.Errors$NativeIoException")) {
      if (contains(message, "reset")) {
        return TCP_RESET_BY_PEER;
      }
      return contains(message, "Broken pipe") ? TCP_BROKEN_PIPE : TCP;
    }
    if (isClass(text, from, to, "javax.net.ssl.SSLPeerUnverifiedException")) {
      return X509_HOSTNAME;
    }
    if (isInPackage(text, from, to, "javax.net.ssl.")) {
      return contains(message, "PKIX") ? X509_UNKNOWN_AUTHORITY : TLS;
    }
    if (isClass(text, from, to, "io.netty.handler.ssl.NotSslRecordException")) {
      return TLS;
    }
    return DEFAULT;
  }

  /**
   * The {@code error} tag of a transport failure: k6's text for its code, else the simple name of
   * the exception class that failed it (bounded by the number of classes), else "no response".
   *
   * @param exceptionClass the class's name, or null when not known
   */
  public static String errorTag(int code, String exceptionClass) {
    String text = text(code);
    if (text != null) {
      return text;
    }
    if (exceptionClass == null) {
      return "no response";
    }
    String cls = exceptionClass.trim();
    return cls.substring(cls.lastIndexOf('.') + 1);
  }

  /** k6's text for {@code code}, or null for {@link #DEFAULT} and unknown codes. */
  public static String text(int code) {
    switch (code) {
      case REQUEST_TIMEOUT:
        return "request timeout";
      case DNS_NO_SUCH_HOST:
        return "lookup: no such host";
      case TCP:
        return "tcp: connection error";
      case TCP_BROKEN_PIPE:
        return "write: broken pipe";
      case TCP_DIAL:
        return "dial: no route to host";
      case TCP_DIAL_TIMEOUT:
        return "dial: i/o timeout";
      case TCP_DIAL_REFUSED:
        return "dial: connection refused";
      case TCP_RESET_BY_PEER:
        return "read: connection reset by peer";
      case TLS:
        return "tls: handshake failure";
      case X509_UNKNOWN_AUTHORITY:
        return "x509: unknown authority";
      case X509_HOSTNAME:
        return "x509: certificate doesn't match hostname";
      default:
        return null;
    }
  }

  /** Whether {@code text[from, to)} names {@code name}, its packages whole or abbreviated. */
  private static boolean isClass(String text, int from, int to, String name) {
    int nameSimple = name.lastIndexOf('.') + 1;
    int simple = packagesMatch(text, from, to, name, nameSimple);
    int rest = name.length() - nameSimple;
    return simple >= 0 && to - simple == rest && text.regionMatches(simple, name, nameSimple, rest);
  }

  /** Whether {@code text[from, to)} names a class directly in {@code pkg} (ending with a dot). */
  private static boolean isInPackage(String text, int from, int to, String pkg) {
    int simple = packagesMatch(text, from, to, pkg, pkg.length());
    if (simple < 0 || simple >= to) {
      return false;
    }
    int dot = text.indexOf('.', simple);
    return dot < 0 || dot >= to;
  }

  /**
   * Matches the dot-terminated package segments {@code name[0, end)} against the start of {@code
   * text[from, to)}; returns where the text's simple name starts, or -1.
   */
  private static int packagesMatch(String text, int from, int to, String name, int end) {
    int i = from;
    int j = 0;
    while (j < end) {
      int segmentEnd = name.indexOf('.', j);
      int dot = text.indexOf('.', i);
      if (dot < 0 || dot >= to) {
        return -1;
      }
      int length = dot - i;
      boolean whole = length == segmentEnd - j && text.regionMatches(i, name, j, length);
      boolean abbreviated = length == 1 && text.charAt(i) == name.charAt(j);
      if (!whole && !abbreviated) {
        return -1;
      }
      i = dot + 1;
      j = segmentEnd + 1;
    }
    return i;
  }

  private static boolean contains(String s, String part) {
    return s != null && s.indexOf(part) >= 0;
  }
}
