package io.k6bridge.engine;

import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.ingest.ThreadIterations;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.telemetry.HealthReading;
import io.k6bridge.telemetry.InjectorTelemetry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Injectors whose results another process relays to this run, as JMeter's remote engines send
 * theirs to the controller: their users make the run's {@code vus} and {@code vus_max}, and how
 * late their results arrive is the gauge {@value #RELAY_LAG}; the health readings they send are
 * recorded as this run's injector telemetry ({@code RunTelemetry}). Thread-safe: results arrive on
 * the relaying tool's threads; the lags are read on the engine thread.
 */
public final class RelayedInjectors {
  /**
   * Per relayed injector ({@code injector}), the worst delay of each second between a result's end
   * and its arrival here, in ms: how stale the run's live view of that injector is.
   */
  public static final String RELAY_LAG = "k6bridge_relay_lag";

  private final Map<String, Integer> activeUsers = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> worstLag = new ConcurrentHashMap<>();
  private final AtomicLong peak = new AtomicLong();
  private final Map<String, HealthReading> health = new ConcurrentHashMap<>();
  private final Map<String, ThreadIterations> threads = new ConcurrentHashMap<>();

  /** Registers {@value #RELAY_LAG} before thresholds are parsed, so they may watch it. */
  static Metric register(MetricRegistry metrics) {
    return metrics.register(RELAY_LAG, MetricType.GAUGE, ValueType.TIME);
  }

  /**
   * A result of {@code injector} arrived now.
   *
   * @param users the injector's active users when it measured the result
   * @param endMillis when the result ended there; clocks of other machines may differ
   */
  public void received(String injector, int users, long endMillis) {
    long lag = Math.max(0, System.currentTimeMillis() - endMillis);
    worstLag.computeIfAbsent(injector, e -> new AtomicLong(-1)).accumulateAndGet(lag, Math::max);
    Integer before = activeUsers.put(injector, users);
    if (before == null || before != users) {
      long sum = activeUsers();
      long p;
      while (sum > (p = peak.get()) && !peak.compareAndSet(p, sum)) {
        // raised by another thread meanwhile: re-read
      }
    }
  }

  /**
   * A result of a relayed thread's iteration {@code iteration} ({@link ThreadIterations}), recorded
   * with the calling thread's writer. Results of one thread can arrive on two threads at once.
   *
   * @param thread the thread's name, unique across the relayed injectors
   * @param create the thread's iterations, the first time
   */
  public void iteration(
      String thread,
      Supplier<ThreadIterations> create,
      int iteration,
      long startMillis,
      long endMillis,
      SampleWriter w) {
    ThreadIterations it = threads.computeIfAbsent(thread, t -> create.get());
    synchronized (it) {
      it.observe(iteration, startMillis, endMillis, w);
    }
  }

  /** At stop: each relayed thread's last iteration, if it ran to its end. */
  void flushIterations(SampleWriter w) {
    for (ThreadIterations it : threads.values()) {
      synchronized (it) {
        it.flushLast(w);
      }
    }
  }

  /** The latest health reading {@code injector} took of itself and sent. */
  public void health(String injector, HealthReading reading) {
    health.put(injector, reading);
  }

  /** Each injector's latest reading since the last call, by id. */
  Map<String, HealthReading> drainHealth() {
    Map<String, HealthReading> out = new TreeMap<>();
    for (String injector : health.keySet()) {
      HealthReading r = health.remove(injector);
      if (r != null) {
        out.put(injector, r);
      }
    }
    return out;
  }

  /** Whether any relayed result arrived. */
  public boolean seen() {
    return !activeUsers.isEmpty();
  }

  /** The relayed injectors, by id. */
  public Set<String> ids() {
    return activeUsers.keySet();
  }

  /** Their active users: each injector's latest count, summed (k6's vus). */
  public long activeUsers() {
    long sum = 0;
    for (int n : activeUsers.values()) {
      sum += n;
    }
    return sum;
  }

  /** The most active users they have had together (vus_max). */
  public long peakUsers() {
    return peak.get();
  }

  /**
   * Records, with the engine thread's {@code writer}, each injector's worst lag since the last call
   * as {@code relayLag}, its {@code injector} beside the run's tags.
   */
  void recordLags(
      SampleWriter writer, long nowNanos, SeriesRegistry series, Metric relayLag, TagSet runTags) {
    drainLags()
        .forEach(
            (injector, lag) ->
                writer.record(
                    series.get(relayLag, runTags.with(InjectorTelemetry.INJECTOR_TAG, injector)),
                    nowNanos,
                    lag));
  }

  /** Each injector's worst lag since the last call, for those whose results arrived; resets. */
  Map<String, Long> drainLags() {
    Map<String, Long> out = new TreeMap<>();
    worstLag.forEach(
        (injector, lag) -> {
          long worst = lag.getAndSet(-1);
          if (worst >= 0) {
            out.put(injector, worst);
          }
        });
    return out;
  }
}
