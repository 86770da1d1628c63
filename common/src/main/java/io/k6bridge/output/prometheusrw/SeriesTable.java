package io.k6bridge.output.prometheusrw;

import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.prometheusrw.proto.Label;
import io.k6bridge.output.prometheusrw.proto.Sample;
import io.k6bridge.output.prometheusrw.proto.TimeSeries;
import io.k6bridge.output.prometheusrw.proto.WriteRequest;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cumulative per-series sinks, as k6's output keeps them, indexed by {@link Series#id()}; the
 * engine's {@link io.k6bridge.aggregate.SinkFanOut} adds the samples. Knows which series changed
 * since the last write and maps them to Remote Write time series with k6's names, values and
 * labels.
 *
 * <p>Not thread-safe: the table is its own lock, held by the fan-out while it adds and by the push
 * thread while it takes a write, so sampler threads never touch it.
 */
final class SeriesTable implements SinkRouter {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesTable.class);
  static final String PREFIX = "k6_";
  static final String NAME = "__name__";
  static final String OVERFLOW_LABEL = "k6bridge_overflow";

  /** Prometheus' stale marker: a NaN with this exact bit pattern. */
  static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  private final List<TrendStat> trendStats;
  private final boolean nativeHistograms;
  private final String injectorLabel;
  private final String injector;
  private final TagSet runTags;
  private final int maxSeries;
  private final DropCounter folded;
  private final NativeHistogramEncoder histograms = new NativeHistogramEncoder();

  private Entry[] byId = new Entry[256];
  private final Map<Metric, Entry> overflow = new HashMap<>();
  private final List<Entry> all = new ArrayList<>();
  private List<Entry> changed = new ArrayList<>();
  private int distinct;

  SeriesTable(RemoteWriteConfig config, DropCounter folded) {
    this.trendStats = config.trendStats;
    this.nativeHistograms = config.nativeHistograms;
    this.injectorLabel = config.injectorLabel;
    this.injector = config.injector;
    this.runTags = config.runTags;
    this.maxSeries = config.maxSeries;
    this.folded = folded;
  }

  /** One k6 series' (or one metric's overflow) sink, labels and write state. */
  static final class Entry {
    final Metric metric;
    final Sink sink;
    final boolean overflow;

    /** Labels per written name: one, or one per trend stat. */
    final List<List<Label>> labels;

    long latestMillis = Long.MIN_VALUE;

    /** The timestamp of the series' last write; the next must be later. */
    long writtenMillis = Long.MIN_VALUE;

    boolean changed;

    Entry(Metric metric, Sink sink, boolean overflow, List<List<Label>> labels) {
      this.metric = metric;
      this.sink = sink;
      this.overflow = overflow;
      this.labels = labels;
    }
  }

  /** The output's lock: its push thread takes it to read and mark the sinks. */
  @Override
  public Object lock() {
    return this;
  }

  @Override
  public Sink[] sinksFor(Series series) {
    // Known already when a second fan-out (the output's own and the engine's) asks for it.
    int id = series.id();
    Entry e = id < byId.length ? byId[id] : null;
    return new Sink[] {(e == null ? entryFor(series) : e).sink};
  }

  @Override
  public boolean wantsTouched() {
    return true;
  }

  /**
   * The series is written at its latest sample time, in whole ms. k6 writes it only when that time
   * moved forward, so a sample older than one already written (sampler threads are drained one
   * after the other, and Gatling's event loops finish requests out of order) changes the value
   * without ever sending it: the final totals would be short. Such a change is written 1 ms after
   * the last write instead, since a receiver rejects a second value at the same time.
   */
  @Override
  public void touched(Series series, int samples, long latestNanos) {
    Entry e = byId[series.id()];
    if (e.overflow) {
      folded.add(samples);
    }
    long millis = Math.floorDiv(latestNanos, 1_000_000L);
    if (millis > e.latestMillis) {
      e.latestMillis = millis;
    } else if (e.latestMillis <= e.writtenMillis) {
      e.latestMillis = e.writtenMillis + 1;
    }
    markChanged(e);
  }

  private void markChanged(Entry e) {
    if (!e.changed) {
      e.changed = true;
      changed.add(e);
    }
  }

  private Entry entryFor(Series series) {
    if (series.id() >= byId.length) {
      byId = Arrays.copyOf(byId, Math.max(byId.length * 2, series.id() + 1));
    }
    Entry e;
    int written = prometheusSeries(series.metric());
    if (distinct + written <= maxSeries) {
      distinct += written;
      e = newEntry(series.metric(), series.tags(), false);
    } else {
      e = overflow.get(series.metric());
      if (e == null) {
        if (overflow.isEmpty()) {
          LOG.warn(
              "k6bridge: Prometheus remote write reached K6BRIDGE_PROMETHEUS_RW_MAX_SERIES={}"
                  + " Prometheus series (a trend counts once per stat it writes);"
                  + " samples of further series are added to one series per metric labelled {}=\"true\""
                  + " (totals stay exact, their tags are lost). Reduce tag cardinality or raise the"
                  + " limit.",
              maxSeries,
              OVERFLOW_LABEL);
        }
        e = newEntry(series.metric(), runTags.with(OVERFLOW_LABEL, "true"), true);
        overflow.put(series.metric(), e);
      }
    }
    byId[series.id()] = e;
    return e;
  }

  /** How many series Prometheus stores for one k6 series of {@code m}: a trend one per stat. */
  private int prometheusSeries(Metric m) {
    return m.type() == io.k6bridge.metrics.MetricType.TREND && !nativeHistograms
        ? trendStats.size()
        : 1;
  }

  private Entry newEntry(Metric m, TagSet tags, boolean isOverflow) {
    List<String> names = new ArrayList<>();
    Sink sink = Sink.of(m.type());
    switch (m.type()) {
      case COUNTER:
        names.add(PREFIX + m.name() + "_total");
        break;
      case GAUGE:
        names.add(PREFIX + m.name());
        break;
      case RATE:
        names.add(PREFIX + m.name() + "_rate");
        break;
      case TREND:
        if (nativeHistograms) {
          names.add(PREFIX + m.name() + unitSuffix(m.contains()));
        } else {
          for (TrendStat s : trendStats) {
            names.add(PREFIX + m.name() + "_" + s.suffix());
          }
        }
        break;
      default:
        throw new IllegalArgumentException("metric type " + m.type() + " unsupported");
    }
    List<List<Label>> labels = new ArrayList<>(names.size());
    for (String name : names) {
      labels.add(labels(name, tags));
    }
    Entry e = new Entry(m, sink, isOverflow, List.copyOf(labels));
    all.add(e);
    return e;
  }

  private static String unitSuffix(ValueType contains) {
    switch (contains) {
      case TIME:
        return "_seconds";
      case DATA:
        return "_bytes";
      default:
        return "";
    }
  }

  /**
   * k6's mapping: every tag with a non-empty value becomes a label (the root group's empty "group"
   * therefore none), plus __name__ and the injector label, sorted by name. The injector label is
   * this process' id, unless the series carries a tag of that name: samples another process
   * measured, such as a JMeter engine's relayed by its controller, keep their injector. Label names
   * are ASCII in any receiver that accepts them, where String order is byte order.
   */
  private List<Label> labels(String name, TagSet tags) {
    List<Label> l = new ArrayList<>(tags.size() + 2);
    for (int i = 0; i < tags.size(); i++) {
      String k = tags.key(i);
      String v = tags.value(i);
      if (!k.isEmpty() && !v.isEmpty() && !k.equals(NAME) && !k.equals(injectorLabel)) {
        l.add(label(k, v));
      }
    }
    l.add(label(NAME, name));
    String relayed = tags.get(injectorLabel);
    l.add(label(injectorLabel, relayed == null || relayed.isEmpty() ? injector : relayed));
    l.sort((a, b) -> a.getName().compareTo(b.getName()));
    return List.copyOf(l);
  }

  private static Label label(String name, String value) {
    return Label.newBuilder().setName(name).setValue(value).build();
  }

  /**
   * A write of every series changed since the last one, and those series; null when none. If
   * encoding throws, the table is as before: the series stay changed and go into the next write.
   */
  Taken take() {
    if (changed.isEmpty()) {
      return null;
    }
    WriteRequest.Builder w = WriteRequest.newBuilder();
    int samples = 0;
    for (Entry e : changed) {
      samples += write(e, w);
    }
    WriteRequest request = w.build();
    Entry[] entries = changed.toArray(new Entry[0]);
    changed = new ArrayList<>();
    for (Entry e : entries) {
      e.changed = false;
      e.writtenMillis = e.latestMillis;
    }
    return new Taken(request, samples, entries);
  }

  /** The samples the next {@link #take()} would write: what is not on its way yet. */
  int changedSamples() {
    int samples = 0;
    for (Entry e : changed) {
      samples += e.labels.size();
    }
    return samples;
  }

  /** Series whose write was dropped unsent go into the next write again, with current values. */
  void retake(Entry[] entries) {
    for (Entry e : entries) {
      markChanged(e);
    }
  }

  /** Every series ever written, with Prometheus' stale marker at {@code timestampMillis}. */
  Taken staleMarkers(long timestampMillis) {
    WriteRequest.Builder w = WriteRequest.newBuilder();
    int samples = 0;
    Sample stale = Sample.newBuilder().setValue(STALE_NAN).setTimestamp(timestampMillis).build();
    for (Entry e : all) {
      for (List<Label> l : e.labels) {
        w.addTimeseries(TimeSeries.newBuilder().addAllLabels(l).addSamples(stale));
        samples++;
      }
    }
    return samples == 0 ? null : new Taken(w.build(), samples, new Entry[0]);
  }

  private int write(Entry e, WriteRequest.Builder w) {
    long t = e.latestMillis;
    Metric m = e.metric;
    switch (m.type()) {
      case COUNTER:
        return sample(w, e.labels.get(0), ((CounterSink) e.sink).sum(), t);
      case GAUGE:
        return sample(w, e.labels.get(0), ((GaugeSink) e.sink).last(), t);
      case RATE:
        return sample(w, e.labels.get(0), ((RateSink) e.sink).rate(), t);
      case TREND:
        TrendSink trend = (TrendSink) e.sink;
        double divisor = m.contains() == ValueType.TIME ? 1000 : 1;
        if (nativeHistograms) {
          w.addTimeseries(
              TimeSeries.newBuilder()
                  .addAllLabels(e.labels.get(0))
                  .addHistograms(histograms.encode(trend, divisor, t)));
          return 1;
        }
        for (int i = 0; i < trendStats.size(); i++) {
          // k6 divides every stat of a time trend by 1000, count included (its quirk, kept).
          sample(w, e.labels.get(i), trendStats.get(i).of(trend) / divisor, t);
        }
        return trendStats.size();
      default:
        throw new IllegalStateException("metric type " + m.type());
    }
  }

  private static int sample(WriteRequest.Builder w, List<Label> labels, double value, long t) {
    w.addTimeseries(
        TimeSeries.newBuilder()
            .addAllLabels(labels)
            .addSamples(Sample.newBuilder().setValue(value).setTimestamp(t)));
    return 1;
  }

  /** One write taken from the table. */
  static final class Taken {
    final WriteRequest request;
    final int samples;
    final Entry[] entries;

    Taken(WriteRequest request, int samples, Entry[] entries) {
      this.request = request;
      this.samples = samples;
      this.entries = entries;
    }
  }
}
