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

  /** k6's {@code error} tag for the code ({@link K6ErrorCode#errorTag}); when a series is new. */
  static String message(int code, String responseCode) {
    boolean named = responseCode != null && responseCode.startsWith(CODE_PREFIX);
    return K6ErrorCode.errorTag(code, named ? responseCode.substring(CODE_PREFIX.length()) : null);
  }
}
