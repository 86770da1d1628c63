package io.k6bridge.testplans;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A file written by k6's {@code --out json}, read and checked line by line against what k6 writes
 * (grafana/k6 internal/output/json): every line a {@code Metric} or {@code Point} record with k6's
 * keys in k6's order; one {@code Metric} record per metric, before its first {@code Point}; tag
 * keys sorted; times in Go's RFC3339Nano, whose fraction has no trailing zeros. A line that breaks
 * a rule is listed in {@link #violations} with its line number and left out, so that one format
 * slip does not hide what the other lines say.
 */
public final class K6JsonFile {

  public record MetricRecord(String type, String contains) {}

  public record Point(
      String metric, Instant time, double value, Map<String, String> tags, int line) {}

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{1,128}");
  private static final Pattern RFC3339_NANO =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{0,8}[1-9])?(Z|[+-]\\d{2}:\\d{2})");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "rate", "trend");
  private static final Set<String> CONTAINS = Set.of("default", "time", "data");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  final Map<String, MetricRecord> metrics = new HashMap<>();
  final List<Point> points = new ArrayList<>();
  public final List<String> violations = new ArrayList<>();

  public static K6JsonFile read(Path file) throws Exception {
    K6JsonFile json = new K6JsonFile();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        try {
          json.add(JSON.readTree(line), number);
        } catch (Exception | AssertionError e) {
          json.violations.add(
              file.getFileName() + ":" + number + ": " + e.getMessage() + "\n  " + line);
        }
      }
    }
    return json;
  }

  public List<Point> points(String metric) {
    return points.stream().filter(point -> point.metric().equals(metric)).toList();
  }

  private void add(JsonNode record, int line) {
    String recordType = textual(record, "type");
    JsonNode data = record.get("data");
    String metric = textual(record, "metric");
    switch (recordType) {
      case "Metric" -> {
        keys(record, "type", "data", "metric");
        keys(data, "name", "type", "contains", "thresholds", "submetrics");
        require(METRIC_NAME.matcher(metric).matches(), "invalid metric name " + metric);
        require(textual(data, "name").equals(metric), "data.name differs from metric");
        require(TYPES.contains(textual(data, "type")), "unknown type " + data.get("type"));
        require(
            CONTAINS.contains(textual(data, "contains")),
            "unknown contains " + data.get("contains"));
        require(data.get("thresholds").isArray(), "thresholds is not an array");
        require(
            data.get("submetrics").isNull() || data.get("submetrics").isArray(),
            "submetrics is neither null nor an array");
        require(
            metrics.put(metric, new MetricRecord(textual(data, "type"), textual(data, "contains")))
                == null,
            "second Metric record for " + metric);
      }
      case "Point" -> {
        keys(record, "metric", "type", "data");
        if (data.has("metadata")) {
          keys(data, "time", "value", "tags", "metadata");
          require(data.get("metadata").size() > 0, "empty metadata is omitted by k6");
        } else {
          keys(data, "time", "value", "tags");
        }
        require(metrics.containsKey(metric), "Point before the Metric record of " + metric);
        String time = textual(data, "time");
        require(RFC3339_NANO.matcher(time).matches(), "time is not Go's RFC3339Nano: " + time);
        require(data.get("value").isNumber(), "value is not a number");
        points.add(
            new Point(
                metric,
                OffsetDateTime.parse(time).toInstant(),
                data.get("value").doubleValue(),
                tags(data.get("tags")),
                line));
      }
      default -> throw new AssertionError("unknown record type " + recordType);
    }
  }

  private static Map<String, String> tags(JsonNode tags) {
    require(tags.isObject(), "tags is not an object");
    Map<String, String> map = new LinkedHashMap<>();
    String previous = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> tag = it.next();
      require(
          previous == null || previous.compareTo(tag.getKey()) < 0,
          "tag keys not sorted: " + previous + " before " + tag.getKey());
      require(tag.getValue().isTextual(), "tag " + tag.getKey() + " is not a string");
      map.put(tag.getKey(), tag.getValue().textValue());
      previous = tag.getKey();
    }
    return map;
  }

  /** Exactly these keys, in this order: the order Go's encoder writes the struct fields in. */
  private static void keys(JsonNode node, String... expected) {
    require(node != null && node.isObject(), "expected an object with keys " + List.of(expected));
    List<String> actual = new ArrayList<>();
    node.fieldNames().forEachRemaining(actual::add);
    require(
        actual.equals(List.of(expected)), "keys " + actual + ", k6 writes " + List.of(expected));
  }

  private static String textual(JsonNode node, String key) {
    JsonNode value = node.get(key);
    require(value != null && value.isTextual(), key + " is missing or not a string");
    return value.textValue();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
