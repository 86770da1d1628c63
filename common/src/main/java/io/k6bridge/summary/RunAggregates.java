package io.k6bridge.summary;

import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.threshold.MetricThresholds;
import io.k6bridge.threshold.Submetric;
import io.k6bridge.threshold.ThresholdSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's cumulative aggregates, from which thresholds and the summary are computed: one sink per
 * metric and observed submetric, check counts, the group tree, and in full mode per-group and
 * per-scenario sinks (k6's metrics engine plus its summary output's data model).
 *
 * <p>Owned by the engine thread, whose {@link io.k6bridge.aggregate.SinkFanOut} adds the samples to
 * the sinks {@link #sinksFor} names, once per series.
 */
public final class RunAggregates implements SinkRouter {
  private static final String GROUP_SEPARATOR = "::";

  private final boolean full;
  private final List<Submetric> submetrics;
  private final Group root = new Group();
  private final Map<String, Group> scenarios = new LinkedHashMap<>();
  private final LegacyGroup legacyRoot = new LegacyGroup("", "");

  /**
   * @param submetrics the submetrics to aggregate besides those thresholds name (k6 adds {@code
   *     http_req_duration{expected_response:true}})
   */
  public RunAggregates(boolean full, ThresholdSet thresholds, List<Submetric> submetrics) {
    this.full = full;
    List<Submetric> all = new ArrayList<>(thresholds.submetrics());
    for (Submetric s : submetrics) {
      if (!all.contains(s)) {
        all.add(s);
      }
    }
    this.submetrics = List.copyOf(all);
    // k6 marks metrics with thresholds (and their parents) observed before the run: they are in
    // the summary even without samples.
    for (MetricThresholds m : thresholds.all()) {
      root.entry(m.metric().name(), m.metric().type(), m.metric().contains());
      root.entry(m.name(), m.metric().type(), m.metric().contains());
    }
  }

  /** Only the engine thread adds and reads: the lock is never contended. */
  @Override
  public Object lock() {
    return this;
  }

  @Override
  public Sink[] sinksFor(Series s) {
    Metric metric = s.metric();
    TagSet tags = s.tags();
    List<Sink> sinks = new ArrayList<>();
    sinks.add(root.entry(metric.name(), metric.type(), metric.contains()).sink);
    for (Submetric sub : submetrics) {
      if (sub.parent() == metric && sub.matches(tags)) {
        sinks.add(root.entry(sub.name(), metric.type(), metric.contains()).sink);
      }
    }
    String check = metric == BuiltinMetrics.CHECKS ? tags.get("check") : null;
    if (check != null) {
      sinks.add(root.check(check).outcomes);
    }
    String group = tags.get("group");
    if (group != null) {
      LegacyGroup legacy = legacyRoot;
      for (String name : groupNames(group)) {
        legacy = legacy.group(name);
      }
      if (check != null) {
        sinks.add(legacy.check(check).outcomes);
      }
    }
    if (full) {
      routeGroups(metric, tags, check, sinks);
    }
    return sinks.toArray(new Sink[0]);
  }

  /** k6's summary output in full mode (flushSample): the scenario's data, then the leaf group's. */
  private void routeGroups(Metric metric, TagSet tags, String check, List<Sink> sinks) {
    Group data = root;
    String scenario = tags.get("scenario");
    if (scenario != null && !scenario.equals("default")) {
      data = scenarios.computeIfAbsent(scenario, k -> new Group());
      data.addTo(metric, check, sinks);
    }
    String group = tags.get("group");
    if (group == null || group.isEmpty()) {
      return;
    }
    String normalized = group.startsWith(GROUP_SEPARATOR) ? group.substring(2) : group;
    if (normalized.equals("setup") || normalized.equals("teardown")) {
      return;
    }
    for (String name : normalized.split(GROUP_SEPARATOR, -1)) {
      data = data.group(name);
    }
    data.addTo(metric, check, sinks);
  }

  private static List<String> groupNames(String path) {
    if (path.isEmpty()) {
      return List.of();
    }
    String p = path.startsWith(GROUP_SEPARATOR) ? path.substring(2) : path;
    return Arrays.asList(p.split(GROUP_SEPARATOR, -1));
  }

  /** The cumulative sink of a metric or submetric name, or null when nothing was aggregated. */
  public Sink sink(String name) {
    Entry e = root.metrics.get(name);
    return e == null ? null : e.sink;
  }

  Group root() {
    return root;
  }

  Map<String, Group> scenarios() {
    return scenarios;
  }

  LegacyGroup legacyRoot() {
    return legacyRoot;
  }

  /** A metric or submetric with its sink. */
  static final class Entry {
    final String name;
    final MetricType type;
    final ValueType contains;
    final Sink sink;

    Entry(String name, MetricType type, ValueType contains) {
      this.name = name;
      this.type = type;
      this.contains = contains;
      this.sink = Sink.of(type);
    }
  }

  /** One check's outcomes: each sample is 1 (passed) or 0 (failed), as k6's checks rate. */
  static final class Check {
    final String name;
    final RateSink outcomes = new RateSink();

    Check(String name) {
      this.name = name;
    }

    long passes() {
      return outcomes.nonZero();
    }

    long fails() {
      return outcomes.total() - outcomes.nonZero();
    }
  }

  /** k6's aggregatedGroupData: metrics, checks and sub-groups in first-seen order. */
  static final class Group {
    final Map<String, Entry> metrics = new LinkedHashMap<>();
    final Map<String, Check> checks = new LinkedHashMap<>();
    final Map<String, Group> groups = new LinkedHashMap<>();

    Entry entry(String name, MetricType type, ValueType contains) {
      return metrics.computeIfAbsent(name, n -> new Entry(n, type, contains));
    }

    Check check(String name) {
      return checks.computeIfAbsent(name, Check::new);
    }

    Group group(String name) {
      return groups.computeIfAbsent(name, n -> new Group());
    }

    void addTo(Metric metric, String check, List<Sink> sinks) {
      sinks.add(entry(metric.name(), metric.type(), metric.contains()).sink);
      if (check != null) {
        sinks.add(check(check).outcomes);
      }
    }
  }

  /** k6's lib.Group as handleSummary sees it: a path, an id, sub-groups and checks. */
  static final class LegacyGroup {
    final String name;
    final String path;
    final Map<String, LegacyGroup> groups = new LinkedHashMap<>();
    final Map<String, Check> checks = new LinkedHashMap<>();

    LegacyGroup(String name, String path) {
      this.name = name;
      this.path = path;
    }

    LegacyGroup group(String child) {
      return groups.computeIfAbsent(child, n -> new LegacyGroup(n, path + GROUP_SEPARATOR + n));
    }

    Check check(String checkName) {
      return checks.computeIfAbsent(checkName, Check::new);
    }
  }
}
