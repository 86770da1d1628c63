package io.k6bridge.jmeter;

import io.k6bridge.http.K6ErrorCode;

/**
 * Where JMeter's HTTP samplers put a transport failure, for {@link K6ErrorCode}: the response code
 * {@code "Non HTTP response code: <exception class>"} and the message {@code "Non HTTP response
 * message: <message>"}. The {@code error} tag is k6's fixed text for the code, or the exception's
 * simple class name when k6 has no code for it: bounded by the number of exception classes.
 */
final class TransportError {
  /** JMeter's prefix (HTTPSamplerBase.errorResult). */
  static final String CODE_PREFIX = "Non HTTP response code: ";

  private TransportError() {}

  /** True when JMeter marked the response code as a transport failure. */
  static boolean isTransportError(String responseCode) {
    return responseCode == null || responseCode.isEmpty() || responseCode.startsWith(CODE_PREFIX);
  }

  /**
   * The k6 error code for a transport failure. Runs per failed sample, so it only compares regions
   * of the strings JMeter already built: no allocation.
   */
  static int code(String responseCode, String responseMessage) {
    if (responseCode == null || !responseCode.startsWith(CODE_PREFIX)) {
      return K6ErrorCode.DEFAULT;
    }
    return K6ErrorCode.forException(
        responseCode, CODE_PREFIX.length(), responseCode.length(), responseMessage);
  }

  /** k6's message for the code, as its {@code error} tag; only computed when a series is new. */
  static String message(int code, String responseCode) {
    String text = K6ErrorCode.text(code);
    return text != null ? text : exceptionName(responseCode);
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
}
