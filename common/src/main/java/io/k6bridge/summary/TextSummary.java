package io.k6bridge.summary;

import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import io.k6bridge.threshold.MetricThresholds;
import io.k6bridge.threshold.Threshold;
import io.k6bridge.threshold.ThresholdSet;
import java.text.Collator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * k6's end-of-test text summary (internal/js/summary.js with the data model of
 * internal/output/summary), without colours, as k6 prints it when output is not a terminal.
 *
 * <p>Layout follows k6 line for line: {@code █ THRESHOLDS}, {@code █ TOTAL RESULTS} (checks, then
 * the CUSTOM, HTTP, EXECUTION, NETWORK, ... blocks), and in full mode {@code █ GROUP:} and {@code █
 * SCENARIO:} sections. Metric names sort as JavaScript's localeCompare does, approximated by the
 * root-locale collator.
 */
public final class TextSummary {
  private static final String NEWLINE = "\n";
  private static final Pattern PERCENTILE_SOURCE =
      Pattern.compile("^p\\((\\d+(?:\\.\\d+)?)\\)\\s*([<>=])");
  private static final Pattern THRESHOLD_AGGREGATE = Pattern.compile("[=><]");
  private static final Collator COLLATOR = Collator.getInstance(Locale.ROOT);
  private static final Comparator<String> BY_NAME = TextSummary::compareNames;

  private final SummaryOptions options;
  private final Duration testRun;

  private TextSummary(SummaryOptions options, Duration testRun) {
    this.options = options;
    this.testRun = testRun;
  }

  /**
   * The summary k6 would print for these aggregates, with a leading and trailing blank line.
   *
   * @param droppedNote k6bridge's own notes (samples lost, a saturated injector), one per line, or
   *     null
   */
  public static String render(
      RunAggregates aggregates,
      ThresholdSet thresholds,
      SummaryOptions options,
      Duration testRun,
      String droppedNote) {
    return render(aggregates, thresholds, options, testRun, droppedNote, "INJECTOR", Map.of());
  }

  /**
   * As {@link #render(RunAggregates, ThresholdSet, SummaryOptions, Duration, String)}, with the
   * injector's health as a section of its own after the test's results ({@code █ INJECTOR}): our
   * own metrics ({@code k6bridge_*}) never appear among k6's, whose CUSTOM block holds only what
   * the test defines.
   *
   * @param injectorTitle the section's title: INJECTOR for one, INJECTORS for a fleet's
   * @param injector label and value per line, in order; empty for no section
   */
  public static String render(
      RunAggregates aggregates,
      ThresholdSet thresholds,
      SummaryOptions options,
      Duration testRun,
      String droppedNote,
      String injectorTitle,
      Map<String, String> injector) {
    TextSummary t = new TextSummary(options, testRun);
    List<Section> sections = new ArrayList<>();
    if (!thresholds.isEmpty()) {
      sections.add(new Section("THRESHOLDS", t.thresholds(aggregates, thresholds)));
    }
    List<String> total = new ArrayList<>(t.checks(aggregates.root(), 0));
    total.addAll(t.metrics(aggregates.root(), 0));
    sections.add(new Section("TOTAL RESULTS", total));
    if (options.full()) {
      sortedByName(aggregates.root().groups)
          .forEach((name, g) -> sections.add(new Section("GROUP: " + name, t.groupContent(g, 0))));
      sortedByName(aggregates.scenarios())
          .forEach(
              (name, g) -> sections.add(new Section("SCENARIO: " + name, t.groupContent(g, 0))));
    }
    if (!injector.isEmpty()) {
      sections.add(new Section(injectorTitle, injectorLines(injector)));
    }
    StringBuilder out = new StringBuilder();
    for (Section s : sections) {
      List<String> items = new ArrayList<>();
      items.add(indent(0, 1, "█ " + s.title + " " + NEWLINE));
      items.addAll(s.content);
      items.add(NEWLINE);
      for (String item : items) {
        out.append(item.equals(NEWLINE) ? NEWLINE : NEWLINE + item);
      }
    }
    String text = NEWLINE + out + NEWLINE + NEWLINE;
    return droppedNote == null ? text : text + "  " + droppedNote + NEWLINE + NEWLINE;
  }

  private List<String> thresholds(RunAggregates aggregates, ThresholdSet thresholds) {
    Map<String, MetricValues> metrics = new LinkedHashMap<>();
    Map<String, List<Threshold>> byName = new LinkedHashMap<>();
    for (MetricThresholds m : thresholds.all()) {
      Sink sink = aggregates.sink(m.name());
      if (sink == null) {
        sink = Sink.of(m.metric().type());
      }
      MetricValues v =
          MetricValues.of(
              m.name(),
              m.metric().type(),
              m.metric().contains(),
              sink,
              testRun,
              options.trendStats());
      for (Threshold th : m.thresholds()) {
        Matcher p = PERCENTILE_SOURCE.matcher(th.source().trim());
        if (sink instanceof TrendSink && p.find()) {
          v.values()
              .put(
                  "p(" + p.group(1) + ")",
                  ((TrendSink) sink).percentile(Double.parseDouble(p.group(1)) / 100));
        }
      }
      metrics.putIfAbsent(m.name(), v);
      byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).addAll(m.thresholds());
    }
    SummaryColumns info = new SummaryColumns(options, metrics, 1);
    List<String> out = new ArrayList<>();
    for (String name : sorted(metrics.keySet())) {
      String parent = name.split("\\{", 2)[0];
      boolean nested = name.length() > parent.length() && metrics.containsKey(parent);
      int base = nested ? 2 : 1;
      out.add(indent(base, 1, nested ? name.substring(parent.length()) : name));
      MetricValues m = metrics.get(name);
      for (Threshold th : byName.get(name)) {
        String aggregate = THRESHOLD_AGGREGATE.split(th.source(), 2)[0].trim();
        out.add(
            indent(
                base,
                1,
                (th.failed() ? "✗" : "✓")
                    + " '"
                    + th.source().trim()
                    + "' "
                    + aggregate
                    + "="
                    + info.thresholdValue(m, aggregate)));
      }
      out.add(NEWLINE);
    }
    return out;
  }

  /** k6's _renderChecks: the three derived metrics, then each check. */
  private List<String> checks(RunAggregates.Group group, int base) {
    RunAggregates.Entry checks = group.metrics.get("checks");
    if (checks == null) {
      return List.of();
    }
    RateSink sink = (RateSink) checks.sink;
    double total = sink.total();
    double success = sink.nonZero();
    Map<String, MetricValues> metrics = new LinkedHashMap<>();
    Map<String, Double> totalValues = new LinkedHashMap<>();
    totalValues.put("count", total);
    totalValues.put("rate", testRun.isZero() ? 0 : total / (testRun.toNanos() / 1e9));
    metrics.put(
        "checks_total",
        new MetricValues("checks_total", MetricType.COUNTER, ValueType.DEFAULT, totalValues));
    metrics.put(
        "checks_succeeded",
        new MetricValues(
            "checks_succeeded",
            MetricType.RATE,
            ValueType.DEFAULT,
            MetricValues.values(sink, testRun, options.trendStats())));
    Map<String, Double> failValues = new LinkedHashMap<>();
    failValues.put("rate", total > 0 ? (total - success) / total : 0);
    failValues.put("passes", total - success); // k6 swaps them so that "N out of" counts failures
    failValues.put("fails", success);
    metrics.put(
        "checks_failed",
        new MetricValues("checks_failed", MetricType.RATE, ValueType.DEFAULT, failValues));

    int checkBase = base + 1;
    SummaryColumns info = new SummaryColumns(options, metrics, checkBase);
    List<String> out = new ArrayList<>();
    for (MetricValues m : metrics.values()) {
      out.add(info.line(m));
    }
    out.add(NEWLINE);
    for (RunAggregates.Check c : group.checks.values()) {
      if (c.fails() == 0) {
        out.add(indent(checkBase, 1, "✓ " + c.name));
      } else {
        long pct = (long) Math.floor((100.0 * c.passes()) / (c.passes() + c.fails()));
        out.add(
            indent(checkBase, 1, "✗ " + c.name)
                + NEWLINE
                + indent(
                    checkBase,
                    checkBase + 1,
                    "↳  " + pct + "% — ✓ " + c.passes() + " / ✗ " + c.fails()));
      }
    }
    out.add(NEWLINE);
    return out;
  }

  /** k6's _renderMetrics: one block per non-empty section, custom first. */
  private List<String> metrics(RunAggregates.Group group, int base) {
    Map<String, Map<String, MetricValues>> sections = new LinkedHashMap<>();
    for (String s : SummarySection.ORDER) {
      sections.put(s, new LinkedHashMap<>());
    }
    Map<String, MetricValues> all = new LinkedHashMap<>();
    for (RunAggregates.Entry e : group.metrics.values()) {
      String section = SummarySection.of(e.name, options.full());
      if (section == null) {
        continue;
      }
      MetricValues v =
          MetricValues.of(e.name, e.type, e.contains, e.sink, testRun, options.trendStats());
      sections.get(section).put(e.name, v);
      all.put(e.name, v);
    }
    int metricBase = base + 1;
    SummaryColumns info = new SummaryColumns(options, all, metricBase);
    List<String> order = new ArrayList<>(SummarySection.ORDER);
    order.remove("custom");
    order.add(0, "custom");
    List<String> out = new ArrayList<>();
    for (String s : order) {
      Map<String, MetricValues> metrics = sections.get(s);
      if (metrics.isEmpty()) {
        continue;
      }
      out.add(indent(metricBase, 1, s.toUpperCase(Locale.ROOT)));
      for (String name : sorted(metrics.keySet())) {
        out.add(info.line(metrics.get(name)));
      }
      out.add(NEWLINE);
    }
    return out;
  }

  /**
   * k6's _renderGroupContent. Nested groups render one level in whatever their depth (k6 calls
   * _renderNestedGroups without the parent's context), and their title has no trailing newline (its
   * options replace the default suffix).
   */
  private List<String> groupContent(RunAggregates.Group group, int base) {
    List<String> out = new ArrayList<>(checks(group, base));
    out.addAll(metrics(group, base));
    sortedByName(group.groups)
        .forEach(
            (name, g) -> {
              out.add(indent(1, 1, "↳ GROUP: " + name + " "));
              out.addAll(groupContent(g, 1));
            });
    return out;
  }

  /** Groups and scenarios in k6's order: localeCompare of their names. */
  private static Map<String, RunAggregates.Group> sortedByName(Map<String, RunAggregates.Group> m) {
    Map<String, RunAggregates.Group> sorted = new TreeMap<>(COLLATOR::compare);
    sorted.putAll(m);
    return sorted;
  }

  /** The injector's health, label and value, dotted as k6 dots its metric lines. */
  private static List<String> injectorLines(Map<String, String> injector) {
    int width = injector.keySet().stream().mapToInt(String::length).max().orElse(0) + 3;
    List<String> out = new ArrayList<>();
    injector.forEach(
        (label, value) ->
            out.add(indent(1, 1, label + ".".repeat(width - label.length()) + ": " + value)));
    out.add(NEWLINE);
    return out;
  }

  private static List<String> sorted(java.util.Collection<String> names) {
    List<String> out = new ArrayList<>(names);
    out.sort(BY_NAME);
    return out;
  }

  /** k6's sortMetricsByName: by parent name, then by the submetric part. */
  private static int compareNames(String a, String b) {
    String pa = a.split("\\{", 2)[0];
    String pb = b.split("\\{", 2)[0];
    int c = COLLATOR.compare(pa, pb);
    return c != 0 ? c : COLLATOR.compare(a.substring(pa.length()), b.substring(pb.length()));
  }

  /** RenderContext.indent: (base + level) × 2 spaces. */
  static String indent(int base, int level, String text) {
    return " ".repeat((base + level) * 2) + text;
  }

  private static final class Section {
    final String title;
    final List<String> content;

    Section(String title, List<String> content) {
      this.title = title;
      this.content = content;
    }
  }
}
