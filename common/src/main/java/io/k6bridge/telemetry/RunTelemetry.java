package io.k6bridge.telemetry;

import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The health of the run's injectors: this JVM's, read every K6BRIDGE_TELEMETRY_INTERVAL, and that
 * of each injector whose results another process relays here with readings it took itself (a JMeter
 * engine's, sent to the controller). Each is recorded under its own {@code injector}; the summary
 * shows every one. Engine thread only.
 */
public final class RunTelemetry {
  private final InjectorTelemetry own;
  private final MetricRegistry metrics;
  private final SeriesRegistry series;
  private final TagSet runTags;
  private final Map<String, InjectorTelemetry> relayed = new TreeMap<>();

  private RunTelemetry(
      InjectorTelemetry own, MetricRegistry metrics, SeriesRegistry series, TagSet runTags) {
    this.own = own;
    this.metrics = metrics;
    this.series = series;
    this.runTags = runTags;
  }

  /** Registers the metrics and takes this JVM's baselines. */
  public static RunTelemetry create(
      MetricRegistry metrics,
      SeriesRegistry series,
      TagSet runTags,
      String injector,
      Duration interval) {
    return new RunTelemetry(
        InjectorTelemetry.create(metrics, series, runTags, injector, interval),
        metrics,
        series,
        runTags);
  }

  public Duration interval() {
    return own.interval();
  }

  /**
   * Reads this JVM and records the reading, then the relayed injectors' readings that arrived since
   * the last call.
   *
   * @param relayedReadings each relayed injector's latest reading, by id
   */
  public void sample(SampleWriter w, long epochNanos, Map<String, HealthReading> relayedReadings) {
    own.sample(w, epochNanos);
    relayedReadings.forEach(
        (id, reading) ->
            relayed
                .computeIfAbsent(
                    id, i -> InjectorTelemetry.relayed(metrics, series, runTags, i, own.interval()))
                .record(reading, w, epochNanos));
  }

  /**
   * The summary's injector section: this injector's health, then one line for each relayed
   * injector, by id.
   */
  public Map<String, String> health() {
    Map<String, String> h = new LinkedHashMap<>(own.health());
    relayed.forEach(
        (id, t) -> {
          List<String> parts = new ArrayList<>();
          t.health().forEach((k, v) -> parts.add(k + " " + v));
          h.put(id, String.join("; ", parts));
        });
    return h;
  }

  /** The saturation warning of each injector that was saturated: this one's, then relayed ones. */
  public List<String> saturationWarnings() {
    List<String> warnings = new ArrayList<>();
    String own = this.own.saturationWarning();
    if (own != null) {
      warnings.add(own);
    }
    for (InjectorTelemetry t : relayed.values()) {
      String w = t.saturationWarning();
      if (w != null) {
        warnings.add(w);
      }
    }
    return warnings;
  }
}
