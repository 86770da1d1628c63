package io.k6bridge.summary;

import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * k6's summary.js number formatting (humanizeValue and its helpers), reproduced with JavaScript's
 * number semantics: {@code toFixed} rounds the exact binary value half up, {@code String(n)} is the
 * shortest round-trip text.
 */
final class ValueText {
  private static final String[] BYTE_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private ValueText() {}

  static String humanize(double v, MetricType type, ValueType contains, String timeUnit) {
    if (type == MetricType.RATE) {
      return toFixed(trunc(v * 100 * 100) / 100, 2) + "%"; // truncated, never rounded up
    }
    switch (contains) {
      case DATA:
        return bytes(v);
      case TIME:
        return duration(v, timeUnit);
      default:
        return toFixedNoTrailingZeros(v, 6);
    }
  }

  static String bytes(double b) {
    if (b < 10) {
      return js(b) + " B";
    }
    int e = (int) Math.floor(Math.log(b) / Math.log(1000));
    double val = Math.floor((b / Math.pow(1000, e)) * 10 + 0.5) / 10;
    return toFixed(val, val < 10 ? 1 : 0) + " " + BYTE_UNITS[e];
  }

  static String duration(double ms, String timeUnit) {
    switch (timeUnit == null ? "" : timeUnit) {
      case "s":
        return toFixed(ms * 0.001, 2) + "s";
      case "ms":
        return toFixed(ms, 2) + "ms";
      case "us":
        return toFixed(ms * 1000, 2) + "µs";
      default:
        return genericDuration(ms);
    }
  }

  private static String genericDuration(double d) {
    if (d == 0) {
      return "0s";
    }
    if (d < 0.001) {
      return js(trunc(d * 1000000)) + "ns";
    }
    if (d < 1) {
      return toFixedNoTrailingZerosTrunc(d * 1000, 2) + "µs";
    }
    if (d < 1000) {
      return toFixedNoTrailingZerosTrunc(d, 2) + "ms";
    }
    String fixed = toFixedNoTrailingZerosTrunc((d % 60000) / 1000, d > 60000 ? 0 : 2) + "s";
    double rem = trunc(d / 60000);
    if (rem < 1) {
      return fixed;
    }
    fixed = js(rem % 60) + "m" + fixed;
    rem = trunc(rem / 60);
    if (rem < 1) {
      return fixed;
    }
    return js(rem) + "h" + fixed;
  }

  private static double trunc(double v) {
    return v < 0 ? Math.ceil(v) : Math.floor(v);
  }

  static String toFixedNoTrailingZeros(double v, int digits) {
    return js(Double.parseDouble(toFixed(v, digits)));
  }

  private static String toFixedNoTrailingZerosTrunc(double v, int digits) {
    double mult = Math.pow(10, digits);
    return toFixedNoTrailingZeros(trunc(mult * v) / mult, digits);
  }

  /** JavaScript's Number.prototype.toFixed for finite values below 1e21. */
  static String toFixed(double v, int digits) {
    if (!Double.isFinite(v) || Math.abs(v) >= 1e21) {
      return js(v);
    }
    String s = new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    return (v < 0 && !isZero(s) ? "-" : "") + s;
  }

  private static boolean isZero(String fixed) {
    return fixed.chars().allMatch(c -> c == '0' || c == '.');
  }

  /** JavaScript's String(number). */
  static String js(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    if (v == 0) {
      return "0";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e21) {
      return Long.toString((long) v);
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    double abs = Math.abs(v);
    if (abs >= 1e-7 && abs < 1e21) {
      return d.toPlainString();
    }
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
  }
}
