package io.k6bridge.http;

/**
 * k6's {@code proto} tag from a response's status line, as a small number while a request is keyed
 * (comparing it allocates nothing) and as k6's text when its series is built.
 */
public final class HttpProto {
  private static final String[] NAMES = {null, "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"};

  private HttpProto() {}

  /** HTTP/1.1 = 1 (also when unknown), HTTP/2.0 = 2, HTTP/1.0 = 3; 0 for no response. */
  public static int of(String statusLine) {
    if (statusLine == null) {
      return 1;
    }
    if (statusLine.startsWith("HTTP/2")) {
      return 2;
    }
    return statusLine.startsWith("HTTP/1.0") ? 3 : 1;
  }

  /** k6's tag value for {@link #of}'s number; null for 0. */
  public static String name(int proto) {
    return NAMES[proto];
  }
}
