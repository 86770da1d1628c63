package io.k6bridge.http;

/** k6's {@code status} tag from a tool's response code. */
public final class HttpStatus {
  private HttpStatus() {}

  /**
   * The code as a number when it is all digits, else 0: k6's status when no HTTP response came
   * (null, empty, or a tool's text such as JMeter's "Non HTTP response code: ..."). Allocates
   * nothing.
   */
  public static int parse(String code) {
    if (code == null || code.isEmpty()) {
      return 0;
    }
    int status = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      status = status * 10 + (c - '0');
    }
    return status;
  }
}
