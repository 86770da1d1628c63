package io.k6bridge.jmeter;

/**
 * k6's error codes (lib/netext/httpext/error_codes.go) for the exceptions JMeter's HTTP samplers
 * report. JMeter records a transport failure as the response code {@code "Non HTTP response code:
 * <exception class>"} and the message {@code "Non HTTP response message: <message>"}; the class,
 * plus the message where one class covers several k6 codes, decides the code. The {@code error}
 * tag is k6's fixed text for the code (or the exception's simple class name for unknown
 * exceptions), never the free-text message, so its cardinality stays bounded.
 */
final class TransportError {
  /** JMeter's prefix (HTTPSamplerBase.errorResult). */
  static final String CODE_PREFIX = "Non HTTP response code: ";

  static final int DEFAULT = 1000;
  static final int REQUEST_TIMEOUT = 1050;
  static final int DNS_NO_SUCH_HOST = 1101;
  static final int TCP = 1200;
  static final int TCP_BROKEN_PIPE = 1201;
  static final int TCP_DIAL = 1210;
  static final int TCP_DIAL_TIMEOUT = 1211;
  static final int TCP_DIAL_REFUSED = 1212;
  static final int TCP_RESET_BY_PEER = 1220;
  static final int TLS = 1300;
  static final int X509_UNKNOWN_AUTHORITY = 1310;
  static final int X509_HOSTNAME = 1311;

  private TransportError() {}

  /** True when JMeter marked the response code as a transport failure. */
  static boolean isTransportError(String responseCode) {
    return responseCode == null
        || responseCode.isEmpty()
        || responseCode.startsWith(CODE_PREFIX);
  }

  /**
   * The k6 error code for a transport failure. Runs per failed sample, so it only compares
   * regions of the strings JMeter already built: no allocation.
   */
  static int code(String responseCode, String responseMessage) {
    if (responseCode == null || !responseCode.startsWith(CODE_PREFIX)) {
      return DEFAULT;
    }
    int at = CODE_PREFIX.length();
    if (is(responseCode, at, "java.net.ConnectException")
        || is(responseCode, at, "org.apache.http.conn.HttpHostConnectException")) {
      return TCP_DIAL_REFUSED;
    }
    if (is(responseCode, at, "java.net.UnknownHostException")) {
      return DNS_NO_SUCH_HOST;
    }
    if (is(responseCode, at, "org.apache.http.conn.ConnectTimeoutException")) {
      return TCP_DIAL_TIMEOUT;
    }
    if (is(responseCode, at, "java.net.SocketTimeoutException")) {
      // The JDK says "connect timed out" for connects and "Read timed out" for reads.
      return contains(responseMessage, "connect timed out") ? TCP_DIAL_TIMEOUT : REQUEST_TIMEOUT;
    }
    if (is(responseCode, at, "java.net.NoRouteToHostException")) {
      return TCP_DIAL;
    }
    if (is(responseCode, at, "java.net.SocketException")) {
      if (contains(responseMessage, "reset")) {
        return TCP_RESET_BY_PEER;
      }
      return contains(responseMessage, "Broken pipe") ? TCP_BROKEN_PIPE : TCP;
    }
    if (is(responseCode, at, "javax.net.ssl.SSLPeerUnverifiedException")) {
      return X509_HOSTNAME;
    }
    if (is(responseCode, at, "javax.net.ssl.")) {
      return contains(responseMessage, "PKIX") ? X509_UNKNOWN_AUTHORITY : TLS;
    }
    return DEFAULT;
  }

  /** k6's message for the code, as its {@code error} tag; only computed when a series is new. */
  static String message(int code, String responseCode) {
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
        return exceptionName(responseCode);
    }
  }

  /** "NoHttpResponseException" for JMeter's code naming that class; bounded by class count. */
  private static String exceptionName(String responseCode) {
    if (responseCode == null || !responseCode.startsWith(CODE_PREFIX)) {
      return "no response";
    }
    String cls = responseCode.substring(CODE_PREFIX.length()).trim();
    int dot = cls.lastIndexOf('.');
    return dot >= 0 ? cls.substring(dot + 1) : cls;
  }

  private static boolean is(String s, int offset, String prefix) {
    return s.startsWith(prefix, offset);
  }

  private static boolean contains(String s, String part) {
    return s != null && s.indexOf(part) >= 0;
  }
}
