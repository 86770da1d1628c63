package io.k6bridge.output.json;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.text.GoFloat;
import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.text.JsonString;
import io.k6bridge.threshold.Submetric;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes samples as the lines of k6's {@code --out json} (internal/output/json, wrapper.go), byte
 * for byte: Go's struct key order, Go's {@code encoding/json} numbers and string escaping (without
 * HTML escaping, as k6 sets), RFC 3339 times with nanoseconds, and one {@code Metric} record just
 * before the first {@code Point} of each metric.
 *
 * <p>Everything in a Point line except its time and value depends only on the series, so those
 * fragments are encoded once per series and cached by {@link Series#id()}. Used by one flusher
 * thread only.
 */
final class JsonEncoder {
  private static final Logger LOG = LoggerFactory.getLogger(JsonEncoder.class);
  private static final byte[] VALUE = ascii("\",\"value\":");

  private final GoTime time;
  private Map<String, List<String>> thresholds;
  private Map<String, List<String>> submetrics;
  private final DropCounter unencodable;
  private final Set<String> seenMetrics = new HashSet<>();
  private final TextBuffer scratch = new TextBuffer(256);
  private Series[] cached = new Series[256];
  private byte[][] prefixes = new byte[256][];
  private byte[][] suffixes = new byte[256][];
  private boolean loggedUnencodable;

  /**
   * @param thresholds thresholds per metric name, each already JSON-encoded as k6 writes it (a
   *     string, or an object when abortOnFail is set), written in its Metric record
   * @param submetrics submetric definitions ("key:value,...") per metric name, as k6 registers them
   *     before the test starts
   * @param unencodable counts NaN and infinite values, which JSON cannot represent (k6 drops them)
   */
  JsonEncoder(
      GoTime time,
      Map<String, List<String>> thresholds,
      Map<String, List<String>> submetrics,
      DropCounter unencodable) {
    this.time = time;
    this.thresholds = thresholds;
    this.submetrics = submetrics;
    this.unencodable = unencodable;
  }

  /**
   * Replaces the thresholds and submetrics given at construction; called before the output starts
   * (the engine parses thresholds after outputs are built, as k6 sets them on its registry).
   */
  void thresholds(Map<String, List<String>> thresholds, Map<String, List<String>> submetrics) {
    this.thresholds = thresholds;
    this.submetrics = submetrics;
  }

  /** Appends the sample's Point line, preceded by its metric's Metric record the first time. */
  void encode(TextBuffer out, Series series, long timeNanos, double value) {
    int id = series.id();
    if (id >= cached.length || cached[id] != series) {
      cache(out, series);
    }
    if (!Double.isFinite(value)) {
      unencodable.add(1);
      if (!loggedUnencodable) {
        loggedUnencodable = true;
        LOG.error(
            "k6bridge: json output dropped a {} sample with value {}: JSON cannot represent"
                + " it (logged once; all such samples are counted)",
            series,
            value);
      }
      return;
    }
    out.append(prefixes[id]);
    time.append(out, timeNanos, true);
    out.append(VALUE);
    GoFloat.appendJson(out, value);
    out.append(suffixes[id]);
  }

  private void cache(TextBuffer out, Series series) {
    Metric metric = series.metric();
    if (seenMetrics.add(metric.name())) {
      appendMetricRecord(out, metric);
    }
    int id = series.id();
    if (id >= cached.length) {
      int n = Math.max(id + 1, cached.length * 2);
      cached = Arrays.copyOf(cached, n);
      prefixes = Arrays.copyOf(prefixes, n);
      suffixes = Arrays.copyOf(suffixes, n);
    }
    scratch.reset();
    scratch.appendAscii("{\"metric\":");
    appendString(scratch, metric.name());
    scratch.appendAscii(",\"type\":\"Point\",\"data\":{\"time\":\"");
    prefixes[id] = scratch.toByteArray();
    scratch.reset();
    scratch.appendAscii(",\"tags\":");
    appendTags(scratch, series.tags());
    scratch.appendAscii("}}\n");
    suffixes[id] = scratch.toByteArray();
    cached[id] = series;
  }

  private void appendMetricRecord(TextBuffer out, Metric metric) {
    out.appendAscii("{\"type\":\"Metric\",\"data\":{\"name\":");
    appendString(out, metric.name());
    out.appendAscii(",\"type\":\"").appendAscii(metric.type().k6Name());
    out.appendAscii("\",\"contains\":\"").appendAscii(metric.contains().k6Name());
    out.appendAscii("\",\"thresholds\":[");
    List<String> sources = thresholds.getOrDefault(metric.name(), List.of());
    for (int i = 0; i < sources.size(); i++) {
      if (i > 0) {
        out.append((byte) ',');
      }
      out.appendUtf8(sources.get(i));
    }
    out.appendAscii("],\"submetrics\":");
    appendSubmetrics(out, metric.name(), submetrics.getOrDefault(metric.name(), List.of()));
    out.appendAscii("},\"metric\":");
    appendString(out, metric.name());
    out.appendAscii("}\n");
  }

  /** As k6's Metric.AddSubmetric: the same tag set defined twice is one submetric. */
  private static void appendSubmetrics(TextBuffer out, String metric, List<String> definitions) {
    Map<TagSet, String> byTags = new LinkedHashMap<>();
    for (String definition : definitions) {
      String keyValues = definition.trim();
      byTags.putIfAbsent(Submetric.parseTags(keyValues), keyValues);
    }
    if (byTags.isEmpty()) {
      out.appendAscii("null"); // a nil Go slice
      return;
    }
    out.append((byte) '[');
    boolean first = true;
    for (Map.Entry<TagSet, String> e : byTags.entrySet()) {
      if (!first) {
        out.append((byte) ',');
      }
      first = false;
      out.appendAscii("{\"name\":");
      appendString(out, metric + "{" + e.getValue() + "}");
      out.appendAscii(",\"suffix\":");
      appendString(out, e.getValue());
      out.appendAscii(",\"tags\":");
      appendTags(out, e.getKey());
      out.append((byte) '}');
    }
    out.append((byte) ']');
  }

  /** A Go map[string]string: keys in sorted order (TagSet keeps them sorted). */
  static void appendTags(TextBuffer out, TagSet tags) {
    out.append((byte) '{');
    for (int i = 0; i < tags.size(); i++) {
      if (i > 0) {
        out.append((byte) ',');
      }
      appendString(out, tags.key(i));
      out.append((byte) ':');
      appendString(out, tags.value(i));
    }
    out.append((byte) '}');
  }

  /** Go's encoding/json string with HTML escaping off, as k6's json output writes it. */
  static void appendString(TextBuffer out, String s) {
    out.appendUtf8(JsonString.GO.quote(s));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
