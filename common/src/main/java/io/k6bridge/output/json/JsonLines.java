package io.k6bridge.output.json;

import io.k6bridge.metrics.Series;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.threshold.ThresholdSet;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k6's {@code --out json} lines for any output that writes them (the json output, the exec output
 * feeding a plug-in process): a Metric record before each metric's first Point, then one Point per
 * sample, byte for byte as k6 writes them. Used by one thread at a time.
 */
public final class JsonLines {
  private final JsonEncoder encoder;
  private final Map<String, List<String>> builtinSubmetrics;

  private JsonLines(JsonEncoder encoder, Map<String, List<String>> builtinSubmetrics) {
    this.encoder = encoder;
    this.builtinSubmetrics = builtinSubmetrics;
  }

  /**
   * Lines in the local time zone, as k6 writes them.
   *
   * @param what names the output in its drop counter, such as "json output"
   */
  public static JsonLines create(BuiltinParams params, String what) {
    Map<String, List<String>> submetrics = builtinSubmetrics(params);
    JsonEncoder encoder =
        new JsonEncoder(
            new GoTime(ZoneId.systemDefault()),
            Map.of(), // set through setThresholds
            submetrics,
            params.dropCounter(what + ": NaN or infinite value, not representable in JSON"));
    return new JsonLines(encoder, submetrics);
  }

  /**
   * Metric records carry the thresholds, and the submetrics thresholds define come before k6's own
   * expected_response one, as k6 registers them (InitSubMetricsAndThresholds). Call before the
   * first line is encoded.
   */
  public void setThresholds(List<ThresholdDefinition> thresholds) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    ThresholdSet.submetricsByMetric(thresholds)
        .forEach(
            (metric, defs) -> all.computeIfAbsent(metric, k -> new ArrayList<>()).addAll(defs));
    builtinSubmetrics.forEach(
        (metric, defs) -> all.computeIfAbsent(metric, k -> new ArrayList<>()).addAll(defs));
    encoder.thresholds(ThresholdSet.jsonByMetric(thresholds), all);
  }

  /** Appends the sample's Point line, preceded by its metric's Metric record the first time. */
  public void encode(TextBuffer out, Series series, long timeNanos, double value) {
    encoder.encode(out, series, timeNanos, value);
  }

  /**
   * k6 registers {@code http_req_duration{expected_response:true}} before outputs start whenever
   * the expected_response system tag is enabled (internal/metrics/engine/engine.go,
   * InitSubMetricsAndThresholds), so its Metric record lists it.
   */
  public static Map<String, List<String>> builtinSubmetrics(BuiltinParams params) {
    return params.systemTags().has("expected_response")
        ? Map.of("http_req_duration", List.of("expected_response:true"))
        : Map.of();
  }
}
