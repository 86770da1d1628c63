package io.k6bridge.threshold;

import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.text.JsonString;
import java.time.Duration;
import java.util.Objects;

/**
 * One threshold as configured (k6's {@code Threshold}): its source text, whether a failure aborts
 * the test and after how much test time, and the outcome of its last evaluation.
 *
 * <p>The outcome is written by the engine thread that evaluates thresholds and read after the run
 * (or by the summary on that same thread), hence volatile.
 */
public final class Threshold {
  private final String source;
  private final ThresholdExpression expression;
  private final boolean abortOnFail;
  private final Duration delayAbortEval;
  private volatile boolean lastFailed;

  /**
   * @param delayAbortEval test time before a failure may abort, or null for none
   * @throws IllegalArgumentException with k6's message when {@code source} does not parse
   */
  public Threshold(String source, boolean abortOnFail, Duration delayAbortEval) {
    this.source = Objects.requireNonNull(source, "source");
    this.expression = ThresholdExpression.parse(source);
    this.abortOnFail = abortOnFail;
    this.delayAbortEval = delayAbortEval;
  }

  public String source() {
    return source;
  }

  public ThresholdExpression expression() {
    return expression;
  }

  public boolean abortOnFail() {
    return abortOnFail;
  }

  /** Null when unset. */
  public Duration delayAbortEval() {
    return delayAbortEval;
  }

  /** Whether the last evaluation failed; false before the first. */
  public boolean failed() {
    return lastFailed;
  }

  void failed(boolean failed) {
    lastFailed = failed;
  }

  /**
   * How k6 writes this threshold in its JSON (thresholdConfig.MarshalJSON): the bare source, or
   * {@code {"threshold","abortOnFail","delayAbortEval"}} when abortOnFail is set.
   */
  public static String json(ThresholdDefinition d) {
    if (!d.abortOnFail()) {
      return JsonString.GO.quote(d.source());
    }
    return "{\"threshold\":"
        + JsonString.GO.quote(d.source())
        + ",\"abortOnFail\":true,\"delayAbortEval\":"
        + (d.delayAbortEval() == null
            ? "null"
            : JsonString.GO.quote(goDuration(d.delayAbortEval())))
        + "}";
  }

  /** Go's time.Duration.String(), as k6's types.Duration marshals: 10s, 1m30s, 1.5s, 250ms. */
  static String goDuration(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long n = Math.abs(nanos);
    if (n < 1_000_000_000L) {
      if (n < 1_000) {
        return sign + n + "ns";
      }
      if (n < 1_000_000) {
        return sign + fraction(n, 1_000) + "µs";
      }
      return sign + fraction(n, 1_000_000) + "ms";
    }
    long hours = n / 3_600_000_000_000L;
    long minutes = n / 60_000_000_000L % 60;
    String seconds = fraction(n % 60_000_000_000L, 1_000_000_000L) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    if (minutes > 0) {
      return sign + minutes + "m" + seconds;
    }
    return sign + seconds;
  }

  private static String fraction(long value, long unit) {
    String whole = Long.toString(value / unit);
    long rest = value % unit;
    if (rest == 0) {
      return whole;
    }
    String digits = Long.toString(unit + rest).substring(1).replaceAll("0+$", "");
    return whole + "." + digits;
  }

  @Override
  public String toString() {
    return source;
  }
}
