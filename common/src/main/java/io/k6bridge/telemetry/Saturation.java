package io.k6bridge.telemetry;

import java.time.Duration;

/**
 * Whether the injector was saturated: CPU use (the process' or the machine's, whichever is higher)
 * at or above {@link #CPU_LIMIT} in consecutive readings covering at least {@link #SUSTAINED}.
 * Short spikes (GC, JIT warm-up) do not count; a sustained stretch means the injector itself may
 * have delayed requests and timings, so the results are suspect.
 */
final class Saturation {
  static final double CPU_LIMIT = 0.90;
  static final Duration SUSTAINED = Duration.ofSeconds(10);

  private final long intervalNanos;
  private long runNanos;
  private long longestNanos;
  private double peak;

  Saturation(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** One reading, as a fraction of all CPUs; negative means not available (the run is broken). */
  void reading(double cpu) {
    if (cpu >= CPU_LIMIT) {
      runNanos += intervalNanos;
      longestNanos = Math.max(longestNanos, runNanos);
      peak = Math.max(peak, cpu);
    } else {
      runNanos = 0;
    }
  }

  boolean saturated() {
    return longestNanos >= SUSTAINED.toNanos();
  }

  /** The summary's warning, or null when the injector was not saturated. */
  String warning(String injector) {
    if (!saturated()) {
      return null;
    }
    return String.format(
        java.util.Locale.ROOT,
        "WARNING: injector %s was saturated: CPU at or above %d%% for %d s in a row (peak %d%%);"
            + " its timings may include its own queueing, treat these results as suspect",
        injector,
        Math.round(CPU_LIMIT * 100),
        Duration.ofNanos(longestNanos).toSeconds(),
        Math.round(peak * 100));
  }
}
