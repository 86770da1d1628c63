package io.k6bridge.summary;

import io.k6bridge.metrics.MetricType;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k6's computeSummaryInfo: every cell of a block of metric lines pre-rendered, with the column
 * widths, so that {@link #line} pads each metric's values as k6 aligns them.
 */
final class SummaryColumns {
  private final SummaryOptions options;
  private final int base;
  private final List<Integer> extraWidths = new ArrayList<>();
  private final int[] trendWidths;
  private final Map<String, List<String>> trendCols = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> trendKeys = new LinkedHashMap<>();
  private final Map<String, List<String>> nonTrendCols = new LinkedHashMap<>();
  private int maxNameWidth;
  private int maxValueWidth;

  SummaryColumns(SummaryOptions options, Map<String, MetricValues> metrics, int base) {
    this.options = options;
    this.base = base;
    this.trendWidths = new int[options.trendStats().size()];
    List<String> stats = options.trendStats();
    for (MetricValues m : metrics.values()) {
      maxNameWidth =
          Math.max(maxNameWidth, width(TextSummary.indent(base, 1, displayName(m.name()))));
      if (m.type() == MetricType.TREND) {
        Map<String, String> keys = new LinkedHashMap<>();
        m.values()
            .forEach(
                (k, v) -> {
                  if (!stats.contains(k)) {
                    keys.put(k, trendValue(v, k, m));
                  }
                });
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
          String col = trendValue(m.values().get(stats.get(i)), stats.get(i), m);
          trendWidths[i] = Math.max(trendWidths[i], width(col));
          cols.add(col);
        }
        trendCols.put(m.name(), cols);
        trendKeys.put(m.name(), keys);
      } else {
        List<String> values = nonTrend(m);
        nonTrendCols.put(m.name(), values);
        maxValueWidth = Math.max(maxValueWidth, width(values.get(0)));
        for (int i = 1; i < values.size(); i++) {
          int w = width(values.get(i));
          if (extraWidths.size() < i) {
            extraWidths.add(w);
          } else if (w > extraWidths.get(i - 1)) {
            extraWidths.set(i - 1, w);
          }
        }
      }
    }
  }

  String line(MetricValues m) {
    String name = displayName(m.name());
    int current = width(name) + (base + 1) * 2;
    int dots = Math.max(3, maxNameWidth - current + 3);
    String data;
    if (m.type() == MetricType.TREND) {
      List<String> cols = trendCols.get(m.name());
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < cols.size(); i++) {
        parts.add(
            options.trendStats().get(i)
                + "="
                + cols.get(i)
                + " ".repeat(trendWidths[i] - width(cols.get(i))));
      }
      data = String.join(" ", parts);
    } else {
      List<String> values = nonTrendCols.get(m.name());
      StringBuilder b = new StringBuilder(values.get(0));
      b.append(" ".repeat(maxValueWidth - width(values.get(0))));
      if (values.size() == 2) {
        b.append(' ').append(values.get(1));
      } else if (values.size() > 2) {
        List<String> parts = new ArrayList<>();
        for (int i = 1; i < values.size(); i++) {
          parts.add(values.get(i) + " ".repeat(extraWidths.get(i - 1) - width(values.get(i))));
        }
        b.append(' ').append(String.join(" ", parts));
      }
      data = b.toString();
    }
    return TextSummary.indent(base, 1, name + ".".repeat(dots) + ": " + data);
  }

  String thresholdValue(MetricValues m, String aggregate) {
    switch (m.type()) {
      case TREND:
        int i = options.trendStats().indexOf(aggregate);
        if (i >= 0) {
          return trendCols.get(m.name()).get(i);
        }
        String v = trendKeys.get(m.name()).get(aggregate);
        return v == null ? "undefined" : v;
      case COUNTER:
        return aggregate.equals("count")
            ? nonTrendCols.get(m.name()).get(0)
            : nonTrendCols.get(m.name()).get(1);
      default:
        return nonTrendCols.get(m.name()).get(0);
    }
  }

  /** k6's strWidth without colours: code points after NFKC. */
  private static int width(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    return n.codePointCount(0, n.length());
  }

  private static String displayName(String name) {
    int brace = name.indexOf('{');
    return brace >= 0 ? "  { " + name.substring(brace + 1, name.length() - 1) + " }" : name;
  }

  private String humanize(double v, MetricValues m) {
    return ValueText.humanize(v, m.type(), m.contains(), options.timeUnit());
  }

  private String trendValue(Double v, String stat, MetricValues m) {
    if (v == null) {
      return "undefined"; // what k6 prints for a stat it has no value for
    }
    return stat.equals("count") ? ValueText.js(v) : humanize(v, m);
  }

  private List<String> nonTrend(MetricValues m) {
    Map<String, Double> v = m.values();
    switch (m.type()) {
      case COUNTER:
        return List.of(humanize(v.get("count"), m), humanize(v.get("rate"), m) + "/s");
      case GAUGE:
        return List.of(
            humanize(v.get("value"), m),
            "min=" + humanize(v.get("min"), m),
            "max=" + humanize(v.get("max"), m));
      default:
        return List.of(
            humanize(v.get("rate"), m),
            ValueText.js(v.get("passes"))
                + " out of "
                + ValueText.js(v.get("passes") + v.get("fails")));
    }
  }
}
