package io.k6bridge.config;

import java.time.Duration;

/**
 * k6's duration syntax: Go's {@code time.ParseDuration} ("1m30s", "250ms", "1.5h") or a bare number
 * of milliseconds, as k6's {@code types.Duration} accepts.
 */
public final class K6Duration {
  private K6Duration() {}

  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    if (s.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      return Duration.ofNanos(Math.round(Double.parseDouble(s) * 1_000_000d));
    }
    double nanos = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("expected a number at '" + s.substring(start) + "'");
      }
      double number = Double.parseDouble(s.substring(start, i));
      int unitStart = i;
      while (i < s.length() && !(Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      nanos += number * unitNanos(s.substring(unitStart, i));
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  private static double unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1;
      case "us":
      case "µs":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "m":
        return 60e9;
      case "h":
        return 3600e9;
      default:
        throw new IllegalArgumentException(
            unit.isEmpty() ? "missing unit" : "unknown unit '" + unit + "'");
    }
  }
}
