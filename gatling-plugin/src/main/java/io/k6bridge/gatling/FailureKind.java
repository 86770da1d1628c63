package io.k6bridge.gatling;

/**
 * What a Gatling KO means in k6 terms, read from the Response message alone (Gatling reports no
 * cause field). A KO with a response code had a response, so a check failed (Gatling's default
 * status check included): checks 0. A KO without one either failed a check of a protocol with no
 * codes, recognised by Gatling's check message shape ({@code <extractor>.find.<validator>, ...}
 * or {@code .count.}), or never got a response: a transport error, mapped to k6's error codes
 * (lib/netext/httpext/error_codes.go) from the exception Gatling names in the message. Scanning
 * the message allocates nothing.
 */
final class FailureKind {
  static final int DEFAULT = 1000;
  static final int REQUEST_TIMEOUT = 1050;
  static final int DNS_NO_SUCH_HOST = 1101;
  static final int TCP_DIAL_TIMEOUT = 1211;
  static final int TCP_DIAL_REFUSED = 1212;
  static final int TCP_RESET_BY_PEER = 1220;
  static final int TLS = 1300;

  private FailureKind() {}

  /** True when a KO without a response code is a check failure rather than a transport error. */
  static boolean isCheckMessage(String message) {
    return message != null && (message.contains(".find") || message.contains(".count."));
  }

  /** k6's error code for a transport failure described by Gatling's message. */
  static int transportCode(String message) {
    if (message == null) {
      return DEFAULT;
    }
    if (message.contains("Connection refused") || message.contains("ConnectException")) {
      return TCP_DIAL_REFUSED;
    }
    if (message.contains("UnknownHostException")) {
      return DNS_NO_SUCH_HOST;
    }
    if (message.contains("ConnectTimeoutException") || message.contains("connection timed out")) {
      return TCP_DIAL_TIMEOUT;
    }
    if (message.contains("RequestTimeoutException") || message.contains("Request timeout")) {
      return REQUEST_TIMEOUT;
    }
    if (message.contains("Connection reset")) {
      return TCP_RESET_BY_PEER;
    }
    if (message.contains("SSL") || message.contains("ssl")) {
      return TLS;
    }
    return DEFAULT;
  }

  /** k6's text for the code, as its {@code error} tag: bounded, never Gatling's free text. */
  static String text(int code) {
    switch (code) {
      case REQUEST_TIMEOUT:
        return "request timeout";
      case DNS_NO_SUCH_HOST:
        return "lookup: no such host";
      case TCP_DIAL_TIMEOUT:
        return "dial: i/o timeout";
      case TCP_DIAL_REFUSED:
        return "dial: connection refused";
      case TCP_RESET_BY_PEER:
        return "read: connection reset by peer";
      case TLS:
        return "tls: handshake failure";
      default:
        return "request failed";
    }
  }
}
