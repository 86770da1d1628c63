package io.k6bridge.results;

import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import io.k6bridge.text.JsonReader;
import io.k6bridge.text.JsonString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results file ({@code K6BRIDGE_RESULTS}): one injector's run, every series with its exact
 * aggregate, so that the files of a fleet merge into one summary and one verdict. One JSON object:
 *
 * <pre>
 * {"format":"k6bridge-results","version":1,"testId":"shop.jmx","injector":"host-42",
 *  "tool":"JMeter","startMillis":1765000000000,"endMillis":1765000060000,"complete":true,
 *  "series":[{"metric":"http_reqs","type":"counter","contains":"default","tags":{"name":"home"},
 *             "sum":120},
 *            {"metric":"checks","type":"rate", ... ,"passes":119,"total":120},
 *            {"metric":"vus","type":"gauge", ... ,"last":10,"min":1,"max":10},
 *            {"metric":"http_req_duration","type":"trend", ... ,"count":120,"zeros":0,"sum":..,
 *             "min":..,"max":..,"buckets":[[lower bound, count], ...]}],
 *  "timeline":{"periodMillis":10000,
 *              "slots":[{"name":"http_reqs{group:::shop}","metric":"http_reqs","type":"counter",
 *                        "contains":"default"}, ...],
 *              "periods":[{"start":1765000000000,"sinks":{"0":{"sum":12}, ...}}, ...]}}
 * </pre>
 *
 * Trend buckets are the sink's own (128 per power of two, named by their exact lower bound), so
 * trends add exactly and a merged percentile keeps the 1/256 bound. Numbers are written so they
 * read back bit for bit; a value that is not finite is written as the string "NaN", "+Inf" or
 * "-Inf". {@code complete} is false in the files written while the run goes on. The optional {@code
 * timeline} ({@link Timeline}) is what the fleet's web-dashboard report charts; a file without one
 * still merges.
 */
public final class ResultsFile {
  public static final String FORMAT = "k6bridge-results";
  public static final int VERSION = 1;

  private ResultsFile() {}

  /**
   * Who wrote a file, for which test, over which time.
   *
   * @param health the injector's own health as its summary shows it (cpu_peak, heap_peak, gc_time,
   *     saturated), empty when telemetry was off
   */
  public record Meta(
      String testId,
      String injector,
      String tool,
      long startMillis,
      long endMillis,
      boolean complete,
      Map<String, String> health) {}

  /** One series of a results file: a metric, its tags and its aggregate. */
  public record SeriesResult(
      String metric, MetricType type, ValueType contains, TagSet tags, Sink sink) {}

  /**
   * A file's content.
   *
   * @param timeline the run over time, for the fleet's report; empty in files without one
   */
  public record Results(Meta meta, List<SeriesResult> series, Timeline timeline) {}

  /**
   * One chart line of the web dashboard: a metric ({@code name} is the metric's) or its values of
   * one tag ({@code http_req_duration{group:::login}}).
   */
  public record TimelineSlot(String name, String metric, MetricType type, ValueType contains) {}

  /** One period's aggregates, by index into the timeline's slots; only slots with samples. */
  public record TimelinePeriod(long startMillis, Map<Integer, Sink> sinks) {}

  /** The run per period of {@code periodMillis}, periods aligned to the Unix epoch. */
  public record Timeline(
      long periodMillis, List<TimelineSlot> slots, List<TimelinePeriod> periods) {
    public static final Timeline EMPTY = new Timeline(0, List.of(), List.of());
  }

  /** The file's text for {@code series}, skipping series without samples, and {@code timeline}. */
  public static String encode(Meta meta, List<SeriesResult> series, Timeline timeline) {
    StringBuilder b = new StringBuilder(256 + 160 * series.size());
    b.append("{\"format\":\"").append(FORMAT).append("\",\"version\":").append(VERSION);
    b.append(",\"testId\":").append(JsonString.GO.quote(meta.testId()));
    b.append(",\"injector\":").append(JsonString.GO.quote(meta.injector()));
    b.append(",\"tool\":").append(JsonString.GO.quote(meta.tool()));
    b.append(",\"startMillis\":").append(meta.startMillis());
    b.append(",\"endMillis\":").append(meta.endMillis());
    b.append(",\"complete\":").append(meta.complete());
    b.append(",\"health\":{");
    boolean firstHealth = true;
    for (Map.Entry<String, String> h : meta.health().entrySet()) {
      b.append(firstHealth ? "" : ",").append(JsonString.GO.quote(h.getKey())).append(':');
      b.append(JsonString.GO.quote(h.getValue()));
      firstHealth = false;
    }
    b.append('}');
    b.append(",\"series\":[");
    boolean first = true;
    for (SeriesResult s : series) {
      if (s.sink().isEmpty()) {
        continue;
      }
      b.append(first ? "\n" : ",\n");
      first = false;
      series(b, s);
    }
    b.append(']');
    if (!timeline.periods().isEmpty()) {
      timeline(b, timeline);
    }
    return b.append("}\n").toString();
  }

  private static void timeline(StringBuilder b, Timeline t) {
    b.append(",\n\"timeline\":{\"periodMillis\":").append(t.periodMillis()).append(",\"slots\":[");
    for (int i = 0; i < t.slots().size(); i++) {
      TimelineSlot slot = t.slots().get(i);
      b.append(i == 0 ? "" : ",").append("{\"name\":").append(JsonString.GO.quote(slot.name()));
      b.append(",\"metric\":").append(JsonString.GO.quote(slot.metric()));
      b.append(",\"type\":\"").append(slot.type().k6Name()).append('"');
      b.append(",\"contains\":\"").append(slot.contains().k6Name()).append("\"}");
    }
    b.append("],\"periods\":[");
    for (int i = 0; i < t.periods().size(); i++) {
      TimelinePeriod p = t.periods().get(i);
      b.append(i == 0 ? "\n" : ",\n").append("{\"start\":").append(p.startMillis());
      b.append(",\"sinks\":{");
      boolean first = true;
      for (Map.Entry<Integer, Sink> e : p.sinks().entrySet()) {
        b.append(first ? "\"" : ",\"").append(e.getKey()).append("\":{");
        sink(b, e.getValue());
        b.append('}');
        first = false;
      }
      b.append("}}");
    }
    b.append("]}");
  }

  private static void series(StringBuilder b, SeriesResult s) {
    b.append("{\"metric\":").append(JsonString.GO.quote(s.metric()));
    b.append(",\"type\":\"").append(s.type().k6Name()).append('"');
    b.append(",\"contains\":\"").append(s.contains().k6Name()).append('"');
    b.append(",\"tags\":{");
    for (int i = 0; i < s.tags().size(); i++) {
      b.append(i == 0 ? "" : ",").append(JsonString.GO.quote(s.tags().key(i))).append(':');
      b.append(JsonString.GO.quote(s.tags().value(i)));
    }
    b.append("},");
    sink(b, s.sink());
    b.append('}');
  }

  /** A sink's fields, without braces: what its type needs to be restored exactly. */
  private static void sink(StringBuilder b, Sink sink) {
    if (sink instanceof CounterSink c) {
      number(b.append("\"sum\":"), c.sum());
    } else if (sink instanceof RateSink r) {
      b.append("\"passes\":").append(r.nonZero()).append(",\"total\":").append(r.total());
    } else if (sink instanceof GaugeSink g) {
      number(b.append("\"last\":"), g.last());
      number(b.append(",\"min\":"), g.min());
      number(b.append(",\"max\":"), g.max());
    } else {
      TrendSink t = (TrendSink) sink;
      b.append("\"count\":").append(t.count()).append(",\"zeros\":").append(t.zeroCount());
      number(b.append(",\"sum\":"), t.sum());
      number(b.append(",\"min\":"), t.min());
      number(b.append(",\"max\":"), t.max());
      b.append(",\"buckets\":[");
      boolean[] first = {true};
      t.forEachBucket(
          (lower, upper, count) -> {
            number(b.append(first[0] ? "[" : ",["), lower);
            b.append(',').append(count).append(']');
            first[0] = false;
          });
      b.append(']');
    }
  }

  private static void number(StringBuilder b, double v) {
    if (Double.isNaN(v)) {
      b.append("\"NaN\"");
    } else if (Double.isInfinite(v)) {
      b.append(v > 0 ? "\"+Inf\"" : "\"-Inf\"");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      b.append((long) v);
    } else {
      b.append(v);
    }
  }

  /**
   * Reads a file's text.
   *
   * @throws IllegalArgumentException saying what is wrong: not JSON (a truncated file among them),
   *     not a results file, another format version, a series that cannot be one
   */
  public static Results decode(String text) {
    Object root;
    try {
      root = JsonReader.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a complete JSON document (truncated?): " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))) {
      throw new IllegalArgumentException(
          "not a k6bridge results file (no \"format\":\"" + FORMAT + "\")");
    }
    Object version = m.get("version");
    if (!(version instanceof Double v) || v != VERSION) {
      throw new IllegalArgumentException(
          "results format version " + version + "; this k6bridge reads version " + VERSION);
    }
    Meta meta =
        new Meta(
            string(m, "testId"),
            string(m, "injector"),
            string(m, "tool"),
            (long) number(m, "startMillis"),
            (long) number(m, "endMillis"),
            Boolean.TRUE.equals(m.get("complete")),
            strings(m.get("health")));
    List<SeriesResult> series = new ArrayList<>();
    if (!(m.get("series") instanceof List<?> list)) {
      throw new IllegalArgumentException("no \"series\" list");
    }
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> s)) {
        throw new IllegalArgumentException("a series that is not an object: " + o);
      }
      try {
        series.add(seriesResult(s));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new IllegalArgumentException(
            "series " + s.get("metric") + " " + s.get("tags") + ": " + e.getMessage());
      }
    }
    Timeline timeline = Timeline.EMPTY;
    if (m.get("timeline") != null) {
      try {
        timeline = timeline(m.get("timeline"));
      } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("timeline: " + e.getMessage());
      }
    }
    return new Results(meta, series, timeline);
  }

  private static Timeline timeline(Object o) {
    Map<?, ?> t = (Map<?, ?>) o;
    List<TimelineSlot> slots = new ArrayList<>();
    for (Object e : (List<?>) t.get("slots")) {
      Map<?, ?> slot = (Map<?, ?>) e;
      slots.add(
          new TimelineSlot(
              string(slot, "name"), string(slot, "metric"), type(slot), contains(slot)));
    }
    List<TimelinePeriod> periods = new ArrayList<>();
    for (Object e : (List<?>) t.get("periods")) {
      Map<?, ?> period = (Map<?, ?>) e;
      Map<Integer, Sink> sinks = new java.util.TreeMap<>();
      ((Map<?, ?>) period.get("sinks"))
          .forEach(
              (k, v) -> {
                int slot = Integer.parseInt((String) k);
                sinks.put(slot, sink(slots.get(slot).type(), (Map<?, ?>) v));
              });
      periods.add(new TimelinePeriod((long) number(period, "start"), sinks));
    }
    return new Timeline((long) number(t, "periodMillis"), slots, periods);
  }

  private static MetricType type(Map<?, ?> m) {
    return MetricType.valueOf(string(m, "type").toUpperCase(Locale.ROOT));
  }

  private static ValueType contains(Map<?, ?> m) {
    return ValueType.valueOf(string(m, "contains").toUpperCase(Locale.ROOT));
  }

  private static SeriesResult seriesResult(Map<?, ?> s) {
    String metric = string(s, "metric");
    MetricType type = type(s);
    ValueType contains = contains(s);
    Map<String, String> tags = new LinkedHashMap<>();
    if (!(s.get("tags") instanceof Map<?, ?> t)) {
      throw new IllegalArgumentException("no tags object");
    }
    t.forEach((k, v) -> tags.put((String) k, (String) v));
    return new SeriesResult(metric, type, contains, TagSet.of(tags), sink(type, s));
  }

  /** A sink of {@code type} restored from its fields in {@code s}. */
  private static Sink sink(MetricType type, Map<?, ?> s) {
    Sink sink;
    switch (type) {
      case COUNTER:
        sink = CounterSink.restore(number(s, "sum"));
        break;
      case RATE:
        sink = RateSink.restore((long) number(s, "passes"), (long) number(s, "total"));
        break;
      case GAUGE:
        sink = GaugeSink.restore(number(s, "last"), number(s, "min"), number(s, "max"));
        break;
      default:
        List<?> buckets = (List<?>) s.get("buckets");
        double[] lowers = new double[buckets.size()];
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < lowers.length; i++) {
          List<?> pair = (List<?>) buckets.get(i);
          lowers[i] = (Double) pair.get(0);
          counts[i] = (long) (double) (Double) pair.get(1);
        }
        sink =
            TrendSink.restore(
                (long) number(s, "count"),
                (long) number(s, "zeros"),
                number(s, "sum"),
                number(s, "min"),
                number(s, "max"),
                lowers,
                counts);
    }
    return sink;
  }

  /** An object of strings; absent or anything else is empty. */
  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  private static String string(Map<?, ?> m, String key) {
    if (!(m.get(key) instanceof String s)) {
      throw new IllegalArgumentException("no \"" + key + "\" string");
    }
    return s;
  }

  private static double number(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v instanceof Double d) {
      return d;
    }
    if ("NaN".equals(v)) {
      return Double.NaN;
    }
    if ("+Inf".equals(v) || "-Inf".equals(v)) {
      return "+Inf".equals(v) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    throw new IllegalArgumentException("no \"" + key + "\" number");
  }
}
