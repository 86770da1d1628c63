package io.k6bridge.gatling;

import io.k6bridge.http.K6ErrorCode;

/**
 * What a Gatling KO means in k6 terms, read from the Response message alone (Gatling reports no
 * cause field). A KO with a response code had a response, so a check failed (Gatling's default
 * status check included): checks 0. A KO without one either failed a check of a protocol with no
 * codes, recognised by Gatling's check message shape ({@code <extractor>.find.<validator>, ...} or
 * {@code .count.}), or never got a response: a transport error, whose k6 code {@link K6ErrorCode}
 * derives from the exception Gatling names as {@code <abbreviated class>: <message>} (Gatling's
 * request timeout alone comes as its bare message). Scanning allocates nothing.
 */
final class FailureKind {
  /** How Gatling words its RequestTimeoutException, which it reports without the class name. */
  static final String REQUEST_TIMEOUT_MESSAGE = "Request timeout";

  private FailureKind() {}

  /** True when a KO without a response code is a check failure rather than a transport error. */
  static boolean isCheckMessage(String message) {
    return message != null && (message.contains(".find") || message.contains(".count."));
  }

  /** k6's error code for a transport failure described by Gatling's message. */
  static int transportCode(String message) {
    if (message == null) {
      return K6ErrorCode.DEFAULT;
    }
    if (message.startsWith(REQUEST_TIMEOUT_MESSAGE)) {
      return K6ErrorCode.REQUEST_TIMEOUT;
    }
    int colon = message.indexOf(": ");
    return K6ErrorCode.forException(message, 0, colon < 0 ? message.length() : colon, message);
  }

  /** k6's text for the code, as its {@code error} tag: bounded, never Gatling's free text. */
  static String text(int code) {
    String text = K6ErrorCode.text(code);
    return text != null ? text : "request failed";
  }
}
