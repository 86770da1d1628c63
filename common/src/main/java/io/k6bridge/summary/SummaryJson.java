package io.k6bridge.summary;

import io.k6bridge.text.JsonString;
import io.k6bridge.threshold.MetricThresholds;
import io.k6bridge.threshold.Threshold;
import io.k6bridge.threshold.ThresholdSet;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two machine-readable summaries k6 writes: the {@code handleSummary(data)} object
 * (summarizeMetricsToObject in internal/js/summary.go) and {@code --summary-export} (oldJSONSummary
 * in summary-wrapper.js), both as {@code JSON.stringify(x, null, 4)} prints them.
 */
public final class SummaryJson {
  private SummaryJson() {}

  /** The data object k6 hands to handleSummary. */
  public static String handleSummaryData(
      RunAggregates aggregates, ThresholdSet thresholds, SummaryOptions options, Duration testRun) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("root_group", group(aggregates.legacyRoot(), false));
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("summaryTrendStats", options.trendStats());
    opts.put("summaryTimeUnit", options.timeUnit());
    opts.put("noColor", false);
    data.put("options", opts);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("isStdOutTTY", false);
    state.put("isStdErrTTY", false);
    state.put("testRunDurationMs", testRun.toNanos() / 1e6);
    data.put("state", state);
    Map<String, Object> metrics = new LinkedHashMap<>();
    Map<String, List<Threshold>> byName = byName(thresholds);
    for (RunAggregates.Entry e : aggregates.root().metrics.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", e.type.k6Name());
      m.put("contains", e.contains.k6Name());
      m.put("values", MetricValues.values(e.sink, testRun, options.trendStats()));
      List<Threshold> ts = byName.get(e.name);
      if (ts != null) {
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (Threshold t : ts) {
          outcomes.put(t.source(), Map.of("ok", !t.failed()));
        }
        m.put("thresholds", outcomes);
      }
      metrics.put(e.name, m);
    }
    data.put("metrics", metrics);
    return stringify(data);
  }

  /** k6's --summary-export file. */
  public static String summaryExport(
      RunAggregates aggregates, ThresholdSet thresholds, SummaryOptions options, Duration testRun) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("root_group", group(aggregates.legacyRoot(), true));
    Map<String, Object> metrics = new LinkedHashMap<>();
    Map<String, List<Threshold>> byName = byName(thresholds);
    for (RunAggregates.Entry e : aggregates.root().metrics.values()) {
      Map<String, Object> m =
          new LinkedHashMap<>(MetricValues.values(e.sink, testRun, options.trendStats()));
      List<Threshold> ts = byName.get(e.name);
      if (ts != null && !ts.isEmpty()) {
        Map<String, Object> failed = new LinkedHashMap<>();
        for (Threshold t : ts) {
          failed.put(t.source(), t.failed()); // true means failed, as in k6
        }
        m.put("thresholds", failed);
      }
      if (e.type == io.k6bridge.metrics.MetricType.RATE && m.containsKey("rate")) {
        m.put("value", m.remove("rate"));
      }
      metrics.put(e.name, m);
    }
    data.put("metrics", metrics);
    return stringify(data);
  }

  private static Map<String, List<Threshold>> byName(ThresholdSet thresholds) {
    Map<String, List<Threshold>> out = new LinkedHashMap<>();
    for (MetricThresholds m : thresholds.all()) {
      out.computeIfAbsent(m.name(), k -> new ArrayList<>()).addAll(m.thresholds());
    }
    return out;
  }

  /** exportGroup; with {@code keyed}, transformGroup's objects keyed by name. */
  private static Map<String, Object> group(RunAggregates.LegacyGroup g, boolean keyed) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", g.name);
    out.put("path", g.path);
    out.put("id", md5(g.path));
    Map<String, Object> groupsByName = new LinkedHashMap<>();
    List<Object> groups = new ArrayList<>();
    for (RunAggregates.LegacyGroup child : g.groups.values()) {
      groupsByName.put(child.name, group(child, keyed));
      groups.add(groupsByName.get(child.name));
    }
    out.put("groups", keyed ? groupsByName : groups);
    Map<String, Object> checksByName = new LinkedHashMap<>();
    List<Object> checks = new ArrayList<>();
    for (RunAggregates.Check c : g.checks.values()) {
      Map<String, Object> check = new LinkedHashMap<>();
      String path = g.path + "::" + c.name;
      check.put("name", c.name);
      check.put("path", path);
      check.put("id", md5(path));
      check.put("passes", c.passes());
      check.put("fails", c.fails());
      checksByName.put(c.name, check);
      checks.add(check);
    }
    out.put("checks", keyed ? checksByName : checks);
    return out;
  }

  static String md5(String text) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, d));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JSON.stringify(value, null, 4). */
  static String stringify(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, "");
    return b.toString();
  }

  private static void write(StringBuilder b, Object v, String indent) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String) {
      b.append(JsonString.JAVASCRIPT.quote((String) v));
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      b.append(Double.isFinite(d) ? ValueText.js(d) : "null");
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      String inner = indent + "    ";
      b.append("{\n");
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(",\n");
        }
        first = false;
        b.append(inner)
            .append(JsonString.JAVASCRIPT.quote(String.valueOf(e.getKey())))
            .append(": ");
        write(b, e.getValue(), inner);
      }
      b.append('\n').append(indent).append('}');
    } else if (v instanceof List) {
      List<?> l = (List<?>) v;
      if (l.isEmpty()) {
        b.append("[]");
        return;
      }
      String inner = indent + "    ";
      b.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(",\n");
        }
        b.append(inner);
        write(b, l.get(i), inner);
      }
      b.append('\n').append(indent).append(']');
    } else {
      throw new IllegalArgumentException("not JSON: " + v.getClass());
    }
  }
}
