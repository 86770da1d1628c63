package io.k6bridge.output.webdashboard;

import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import io.k6bridge.threshold.MetricThresholds;
import io.k6bridge.threshold.Threshold;
import io.k6bridge.threshold.ThresholdSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's two meters (k6's dashboard/meter.go): a cumulative one since the start and one
 * for the current period, each holding a sink per metric and per tag submetric ({@code
 * http_req_duration{group:::login}} for each non-empty value of each dashboard tag).
 *
 * <p>The engine's fan-out adds each sample to the period's sinks {@link #sinksFor} names, with the
 * lock held; adding allocates nothing but a trend sink's bucket growth, which stops once the
 * periods have seen the range of the values. Only the period's sinks see each sample; the
 * cumulative ones take each ended period in one merge, which halves the per-sample work of the
 * dashboard. {@link #tick} runs on the dashboard's timer thread; it holds the lock to merge, read
 * and reset the sinks in place, which takes microseconds per name.
 */
final class Aggregation implements SinkRouter {
  /** k6's aggregates per metric type, in param.aggregates order. */
  static final Map<String, List<String>> AGGREGATES =
      new TreeMap<>(
          Map.of(
              "counter", List.of("count", "rate"),
              "gauge", List.of("value"),
              "rate", List.of("rate"),
              "trend", List.of("avg", "max", "med", "min", "p(90)", "p(95)", "p(99)")));

  static final String TIME = "time";

  /** A metric or submetric with its own sinks. */
  static final class Slot {
    final String name;
    final Metric metric;
    final byte[] sortKey;

    Slot(String name, Metric metric) {
      this.name = name;
      this.metric = metric;
      this.sortKey = name.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** What one tick produced: payloads of the events k6 fires at that moment. */
  static final class Tick {
    /** Names first seen since the previous tick, as the metric event's payload, or null. */
    final byte[] newMetrics;

    final byte[] cumulative;

    /** The failing thresholds as the threshold event's payload, or null when none fails. */
    final byte[] thresholds;

    final byte[] snapshot;

    Tick(byte[] newMetrics, byte[] cumulative, byte[] thresholds, byte[] snapshot) {
      this.newMetrics = newMetrics;
      this.cumulative = cumulative;
      this.thresholds = thresholds;
      this.snapshot = snapshot;
    }
  }

  private final List<String> tags;
  private final int maxSubmetrics;
  private final Object lock = new Object();

  // Guarded by lock.
  private ThresholdSet thresholds = ThresholdSet.NONE;
  private long startMillis;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<String, Integer> slotByName = new HashMap<>();
  private Sink[] period = new Sink[64];
  private Sink[] cumulative = new Sink[64];

  private int submetrics;

  /** Series whose tag values got no submetric of their own, once the limit was reached. */
  private long unsplit;

  // Timer thread only.
  private int announcedSlots;

  /**
   * @param tags the dashboard tags whose values become submetrics
   */
  Aggregation(List<String> tags) {
    this(tags, Integer.MAX_VALUE);
  }

  /**
   * @param tags the dashboard tags whose values become submetrics
   * @param maxSubmetrics most submetrics made: each keeps two sinks for the whole run and a column
   *     in every event, so a tag with an id in it (a URL per order) must not make one per value
   */
  Aggregation(List<String> tags, int maxSubmetrics) {
    this.tags = List.copyOf(tags);
    this.maxSubmetrics = maxSubmetrics;
  }

  /**
   * @param thresholds the dashboard's own copy: evaluating marks its thresholds failed or not
   * @param startMillis when the cumulative meter starts, Unix ms
   */
  void start(ThresholdSet thresholds, long startMillis) {
    synchronized (lock) {
      this.thresholds = thresholds;
      this.startMillis = startMillis;
    }
  }

  @Override
  public Object lock() {
    return lock;
  }

  @Override
  public Sink[] sinksFor(Series series) {
    Metric metric = series.metric();
    TagSet tagSet = series.tags();
    List<Sink> sinks = new ArrayList<>(1 + tags.size());
    // slot() may grow the arrays: call it before reading period, never inside its index.
    int s = slot(metric.name(), metric);
    sinks.add(period[s]);
    for (String tag : tags) {
      String value = tagSet.get(tag);
      if (value != null && !value.isEmpty()) {
        String name = metric.name() + "{" + tag + ":" + value + "}";
        if (!slotByName.containsKey(name) && submetrics >= maxSubmetrics) {
          if (unsplit++ == 0) {
            warnLimit(tag);
          }
          continue; // its samples still reach the metric's own sink
        }
        int sub = slot(name, metric);
        sinks.add(period[sub]);
      }
    }
    return sinks.toArray(new Sink[0]);
  }

  /** The current period's sink of a metric or submetric by its name: for replaying a timeline. */
  Sink periodSink(String name, Metric metric) {
    synchronized (lock) {
      int s = slot(name, metric); // may grow the arrays: before reading period
      return period[s];
    }
  }

  /**
   * Ends a period at {@code nowMillis}: the cumulative event's data since the start, the failing
   * thresholds, and the snapshot of the period that just ended (over {@code periodLength}).
   */
  Tick tick(long nowMillis, Duration periodLength) {
    List<Slot> known;
    byte[] cumulativeData;
    byte[] thresholdData;
    byte[] snapshot;
    synchronized (lock) {
      known = List.copyOf(slots);
      for (int s = 0; s < known.size(); s++) {
        cumulative[s].merge(period[s]);
      }
      Duration elapsed = Duration.ofMillis(nowMillis - startMillis);
      cumulativeData = format(known, cumulative, nowMillis, elapsed);
      thresholdData = evaluate(elapsed);
      snapshot = format(known, period, nowMillis, periodLength);
      for (int s = 0; s < known.size(); s++) {
        period[s].reset(); // in place: the engine's fan-out holds these sinks
      }
    }
    byte[] newMetrics = null;
    if (known.size() > announcedSlots) {
      newMetrics = describe(known.subList(announcedSlots, known.size()));
      announcedSlots = known.size();
    }
    return new Tick(newMetrics, cumulativeData, thresholdData, snapshot);
  }

  /** The cumulative event's data at {@code nowMillis}, with the failing thresholds. */
  Tick finish(long nowMillis) {
    Tick t = tick(nowMillis, Duration.ZERO);
    return new Tick(t.newMetrics, t.cumulative, t.thresholds, null);
  }

  /** The data of the start and stop events: only the clock, {@code [[ms]]}. */
  static byte[] clockOnly(long nowMillis) {
    return new EventJson().raw("[[").number(nowMillis).raw("]]").toBytes();
  }

  /** The metric event announcing the clock, fired before start. */
  static byte[] clockMetric() {
    return new EventJson().raw("{\"time\":{\"type\":\"gauge\",\"contains\":\"time\"}}").toBytes();
  }

  private void warnLimit(String tag) {
    String message =
        "k6bridge: the web dashboard made "
            + maxSubmetrics
            + " submetrics ("
            + DashboardOptions.MAX_SUBMETRICS.name()
            + "); further values of K6_WEB_DASHBOARD_TAGS get"
            + " none (here tag '"
            + tag
            + "'), their samples count only in the metric's own charts."
            + " Split by tags with few values, such as name rather than url.";
    // Looked up here: the merge command replays a fleet's report in a JVM without SLF4J.
    LoggerFactory.getLogger(Aggregation.class).warn(message);
    System.err.println("WARN " + message);
  }

  /** Series that got no submetric of their own because the limit was reached. Lock held. */
  long unsplit() {
    return unsplit;
  }

  private int slot(String name, Metric metric) {
    Integer existing = slotByName.get(name);
    if (existing != null) {
      return existing;
    }
    if (name.indexOf('{') > 0) {
      submetrics++;
    }
    int s = slots.size();
    slots.add(new Slot(name, metric));
    slotByName.put(name, s);
    if (s >= cumulative.length) {
      cumulative = Arrays.copyOf(cumulative, cumulative.length * 2);
      period = Arrays.copyOf(period, cumulative.length);
    }
    cumulative[s] = Sink.of(metric.type());
    period[s] = Sink.of(metric.type());
    return s;
  }

  /**
   * One array per name, names (the clock's "time" included) in byte-wise order, each holding the
   * type's aggregates in param.aggregates order or empty when the sink is.
   */
  private static byte[] format(List<Slot> known, Sink[] sinks, long nowMillis, Duration length) {
    Integer[] order = new Integer[known.size() + 1]; // index known.size() is the clock
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    byte[] timeKey = TIME.getBytes(StandardCharsets.UTF_8);
    Arrays.sort(
        order,
        (a, b) ->
            Arrays.compareUnsigned(
                a == known.size() ? timeKey : known.get(a).sortKey,
                b == known.size() ? timeKey : known.get(b).sortKey));
    EventJson json = new EventJson().raw("[");
    for (int i = 0; i < order.length; i++) {
      if (i > 0) {
        json.raw(",");
      }
      int s = order[i];
      if (s == known.size()) {
        json.raw("[").number(nowMillis).raw("]");
      } else {
        aggregates(json, sinks[s], length);
      }
    }
    return json.raw("]").toBytes();
  }

  private static void aggregates(EventJson json, Sink sink, Duration length) {
    json.raw("[");
    if (sink.isEmpty()) {
      json.raw("]");
      return;
    }
    if (sink instanceof CounterSink) {
      CounterSink c = (CounterSink) sink;
      json.number(significant(c.sum())).raw(",").number(significant(c.rate(length)));
    } else if (sink instanceof GaugeSink) {
      json.number(significant(((GaugeSink) sink).last()));
    } else if (sink instanceof RateSink) {
      json.number(significant(((RateSink) sink).rate()));
    } else {
      TrendSink t = (TrendSink) sink;
      json.number(significant(t.avg()))
          .raw(",")
          .number(significant(t.max()))
          .raw(",")
          .number(significant(t.med()))
          .raw(",")
          .number(significant(t.min()))
          .raw(",")
          .number(significant(t.percentile(0.90)))
          .raw(",")
          .number(significant(t.percentile(0.95)))
          .raw(",")
          .number(significant(t.percentile(0.99)));
    }
    json.raw("]");
  }

  /** k6's truncation to about six significant digits (meter.go significant). */
  static double significant(double num) {
    if (num == (double) (long) num) {
      return num;
    }
    if (num > 1e4) {
      return truncate(num);
    }
    if (num > 1e3) {
      return truncate(num * 10) / 10;
    }
    if (num > 1e2) {
      return truncate(num * 100) / 100;
    }
    if (num > 10) {
      return truncate(num * 1e3) / 1e3;
    }
    if (num > 1) {
      return truncate(num * 1e4) / 1e4;
    }
    return truncate(num * 1e5) / 1e5;
  }

  private static double truncate(double v) {
    return v < 0 ? Math.ceil(v) : Math.floor(v);
  }

  /** The metric event's data: {"name":{"type":…,"contains":…,"custom":true}} sorted by name. */
  private static byte[] describe(List<Slot> added) {
    Map<String, Metric> sorted = new TreeMap<>();
    for (Slot s : added) {
      sorted.put(s.name, s.metric);
    }
    EventJson json = new EventJson().raw("{");
    boolean first = true;
    for (Map.Entry<String, Metric> e : sorted.entrySet()) {
      if (!first) {
        json.raw(",");
      }
      first = false;
      Metric m = e.getValue();
      json.string(e.getKey()).raw(":{\"type\":").string(typeName(m.type()));
      String contains = m.contains().toString().toLowerCase(java.util.Locale.ROOT);
      if (!contains.equals("default")) {
        json.raw(",\"contains\":").string(contains);
      }
      if (!m.builtin()) {
        json.raw(",\"custom\":true");
      }
      json.raw("}");
    }
    return json.raw("}").toBytes();
  }

  static String typeName(MetricType type) {
    return type.toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** The threshold event's data, or null when every threshold passes. Lock held. */
  private byte[] evaluate(Duration elapsed) {
    if (thresholds.isEmpty()) {
      return null;
    }
    thresholds.evaluate(
        name -> {
          Integer s = slotByName.get(name);
          return s == null ? null : cumulative[s];
        },
        elapsed,
        true);
    Map<String, List<String>> failing = new TreeMap<>();
    for (MetricThresholds m : thresholds.all()) {
      for (Threshold t : m.thresholds()) {
        if (t.failed()) {
          failing.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(t.source());
        }
      }
    }
    return failing.isEmpty() ? null : new EventJson().stringLists(failing).toBytes();
  }
}
