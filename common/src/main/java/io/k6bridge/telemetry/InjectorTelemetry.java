package io.k6bridge.telemetry;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.config.K6Duration;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The injector's own health, sampled on the engine thread every K6BRIDGE_TELEMETRY_INTERVAL and
 * recorded as k6 metrics, so it reaches every output, the summary and the dashboard like any other
 * metric. Values come straight from the JVM's management beans and Linux's {@code /proc}, read in
 * ways that cost the engine thread little (see {@link CpuUse}).
 *
 * <p>Every series carries the run tags and {@code injector=<id>}. Names start with {@code
 * k6bridge_injector_}, which no k6 built-in does.
 */
public final class InjectorTelemetry {
  public static final ConfigKey<Duration> INTERVAL =
      ConfigKey.of(
          "K6BRIDGE_TELEMETRY_INTERVAL",
          "1s",
          "a duration such as 1s or 5s; 0 or off turns telemetry off",
          "How often the injector samples its own CPU, heap, GC, threads and network; off also"
              + " turns off the k6bridge_test_lifecycle series.",
          InjectorTelemetry::parseInterval);

  /** Tag carrying the injector id on every telemetry series. */
  public static final String INJECTOR_TAG = "injector";

  /** Fraction (0 to 1) of all the machine's CPUs used by this process. */
  public static final String CPU_PROCESS = "k6bridge_injector_cpu_process";

  /** Fraction (0 to 1) of all the machine's CPUs used by everything. */
  public static final String CPU_MACHINE = "k6bridge_injector_cpu_machine";

  public static final String HEAP_USED = "k6bridge_injector_heap_used";
  public static final String HEAP_COMMITTED = "k6bridge_injector_heap_committed";

  /** Time the JVM spent in garbage collection since the previous reading. */
  public static final String GC_TIME = "k6bridge_injector_gc_time";

  public static final String THREADS = "k6bridge_injector_threads";

  /**
   * Bytes the machine sent and received (all interfaces but loopback) since the previous reading.
   */
  public static final String NET_SENT = "k6bridge_injector_net_sent";

  public static final String NET_RECEIVED = "k6bridge_injector_net_received";

  private final HealthProbe probe;
  private final String injector;
  private final Saturation saturation;
  private final Duration interval;
  // Engine thread only.
  private double peakProcess = -1;
  private double peakMachine = -1;
  private long peakHeap = -1;
  private long maxHeap = -1;
  private long gcDuringRun;
  // The previous reading's counters; -1 before the first.
  private long lastGcMillis = -1;
  private long lastNetSent = -1;
  private long lastNetReceived = -1;

  private final Series cpuProcess;
  private final Series cpuMachine;
  private final Series heapUsed;
  private final Series heapCommitted;
  private final Series gcTime;
  private final Series threadCount;
  private final Series netSent;
  private final Series netReceived;

  /**
   * @param probe this JVM's, or null for an injector whose readings come from elsewhere ({@link
   *     #record}); its first reading is then the baseline of the counters
   */
  InjectorTelemetry(
      MetricRegistry metrics,
      SeriesRegistry series,
      TagSet runTags,
      String injector,
      Duration interval,
      HealthProbe probe) {
    this.probe = probe;
    this.injector = injector;
    this.saturation = new Saturation(interval);
    this.interval = interval;
    TagSet tags = runTags.with(INJECTOR_TAG, injector);
    cpuProcess = series.get(gauge(metrics, CPU_PROCESS, ValueType.DEFAULT), tags);
    cpuMachine = series.get(gauge(metrics, CPU_MACHINE, ValueType.DEFAULT), tags);
    heapUsed = series.get(gauge(metrics, HEAP_USED, ValueType.DATA), tags);
    heapCommitted = series.get(gauge(metrics, HEAP_COMMITTED, ValueType.DATA), tags);
    gcTime = series.get(metrics.register(GC_TIME, MetricType.COUNTER, ValueType.TIME), tags);
    threadCount = series.get(gauge(metrics, THREADS, ValueType.DEFAULT), tags);
    netSent = series.get(metrics.register(NET_SENT, MetricType.COUNTER, ValueType.DATA), tags);
    netReceived =
        series.get(metrics.register(NET_RECEIVED, MetricType.COUNTER, ValueType.DATA), tags);
    if (probe != null) {
      baseline(probe.read());
    }
  }

  /**
   * Registers the metrics and takes the baselines the first reading's deltas start from.
   *
   * @param runTags K6_TAGS; the injector tag is added to them
   */
  public static InjectorTelemetry create(
      MetricRegistry metrics,
      SeriesRegistry series,
      TagSet runTags,
      String injector,
      Duration interval) {
    return new InjectorTelemetry(
        metrics, series, runTags, injector, interval, HealthProbe.create());
  }

  /**
   * The telemetry of an injector that reads its own health and sends the readings here, as a JMeter
   * engine does: recorded with {@link #record} under its id.
   */
  public static InjectorTelemetry relayed(
      MetricRegistry metrics,
      SeriesRegistry series,
      TagSet runTags,
      String injector,
      Duration interval) {
    return new InjectorTelemetry(metrics, series, runTags, injector, interval, null);
  }

  private static Metric gauge(MetricRegistry metrics, String name, ValueType contains) {
    return metrics.register(name, MetricType.GAUGE, contains);
  }

  /** Takes one reading of this JVM; runs on the engine thread with its own writer. */
  public void sample(SampleWriter w, long epochNanos) {
    record(probe.read(), w, epochNanos);
  }

  /** Records one reading; counters as the change since the previous reading. */
  public void record(HealthReading r, SampleWriter w, long epochNanos) {
    // A reading that is not known (-1) is skipped, not recorded as 0.
    if (r.cpuProcess() >= 0) {
      w.record(cpuProcess, epochNanos, r.cpuProcess());
    }
    if (r.cpuMachine() >= 0) {
      w.record(cpuMachine, epochNanos, r.cpuMachine());
    }
    saturation.reading(Math.max(r.cpuProcess(), r.cpuMachine()));
    peakProcess = Math.max(peakProcess, r.cpuProcess());
    peakMachine = Math.max(peakMachine, r.cpuMachine());
    peakHeap = Math.max(peakHeap, r.heapUsed());
    maxHeap = r.heapMax();
    w.record(heapUsed, epochNanos, r.heapUsed());
    w.record(heapCommitted, epochNanos, r.heapCommitted());
    w.record(threadCount, epochNanos, r.threads());
    if (lastGcMillis >= 0) {
      long gc = Math.max(0, r.gcMillis() - lastGcMillis);
      w.record(gcTime, epochNanos, gc);
      gcDuringRun += gc;
    }
    lastGcMillis = r.gcMillis();
    if (r.netSent() >= 0) {
      if (lastNetSent >= 0) {
        // Counters can wrap or an interface can go away: never record a negative delta.
        w.record(netSent, epochNanos, Math.max(0, r.netSent() - lastNetSent));
        w.record(netReceived, epochNanos, Math.max(0, r.netReceived() - lastNetReceived));
      }
      lastNetSent = r.netSent();
      lastNetReceived = r.netReceived();
    }
  }

  /** Takes a reading's counters as the baseline of the next reading's changes. */
  private void baseline(HealthReading r) {
    lastGcMillis = r.gcMillis();
    lastNetSent = r.netSent();
    lastNetReceived = r.netReceived();
  }

  /**
   * The injector's health over the run, for the summary's own section: CPU and heap peaks, time in
   * GC, and whether it was saturated. Read after the engine thread has ended.
   */
  public Map<String, String> health() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(
        "cpu_peak",
        peakProcess < 0
            ? "unknown"
            : String.format(
                Locale.ROOT,
                "%.0f%% process, %s machine",
                peakProcess * 100,
                peakMachine < 0
                    ? "unknown"
                    : String.format(Locale.ROOT, "%.0f%%", peakMachine * 100)));
    h.put(
        "heap_peak",
        peakHeap < 0
            ? "unknown"
            : String.format(
                Locale.ROOT,
                "%.0f MB%s",
                peakHeap / 1e6,
                maxHeap > 0 ? String.format(Locale.ROOT, " of %.0f MB", maxHeap / 1e6) : ""));
    h.put("gc_time", gcDuringRun + " ms");
    h.put("saturated", saturation.saturated() ? "yes: results are suspect" : "no");
    return h;
  }

  /** How often the injector samples its health. */
  public Duration interval() {
    return interval;
  }

  /** The summary's saturation warning, or null when the injector was not saturated. */
  public String saturationWarning() {
    return saturation.warning(injector);
  }

  static Duration parseInterval(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("off")) {
      return Duration.ZERO;
    }
    Duration d = K6Duration.parse(t);
    if (d.isNegative()) {
      throw new IllegalArgumentException("must not be negative");
    }
    return d;
  }
}
