package io.k6bridge.aggregate;

import io.k6bridge.metrics.Series;
import io.k6bridge.output.SampleBatch;
import io.k6bridge.sink.Sink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adds each sample of a batch to the sinks its series goes to in every {@link SinkRouter}, in one
 * pass: the series' sinks of all routers are joined into one array, looked up once per sample by
 * the series id the ingest buffer holds. Reading the batch and finding the series' destinations
 * cost as much as the sink updates themselves (JMH), so three consumers each making their own pass
 * paid them three times.
 *
 * <p>Not thread-safe: one thread adds. It holds every router's lock while it adds a batch, always
 * in the routers' order, and each router's readers take only their own.
 */
public final class SinkFanOut {
  private static final Sink[] NONE = new Sink[0];

  private final SinkRouter[] routers;
  private final SinkRouter[] touchedRouters;
  private Sink[][] routes = new Sink[256][];

  // Per series id, for the routers that want to know which series a batch touched.
  private int[] stamp = new int[0];
  private int[] counts = new int[0];
  private long[] latest = new long[0];
  private int[] touchedIds = new int[64];
  private Series[] touchedSeries = new Series[64];
  private int batchNumber;

  public SinkFanOut(List<? extends SinkRouter> routers) {
    this.routers = routers.toArray(new SinkRouter[0]);
    List<SinkRouter> touched = new ArrayList<>();
    for (SinkRouter r : routers) {
      if (r.wantsTouched()) {
        touched.add(r);
      }
    }
    this.touchedRouters = touched.toArray(new SinkRouter[0]);
  }

  /** Adds every sample of {@code batch}, with every router's lock held. */
  public void add(SampleBatch batch) {
    if (batch.size() > 0) {
      addLocked(batch, 0);
    }
  }

  private void addLocked(SampleBatch batch, int router) {
    if (router < routers.length) {
      synchronized (routers[router].lock()) {
        addLocked(batch, router + 1);
      }
      return;
    }
    boolean track = touchedRouters.length > 0; // loop-invariant: the JIT splits the loop on it
    int number = ++batchNumber;
    int touched = 0;
    Sink[][] known = routes;
    for (int i = 0, n = batch.size(); i < n; i++) {
      int id = batch.seriesId(i);
      Sink[] sinks = id < known.length ? known[id] : null;
      if (sinks == null) {
        sinks = route(batch.series(i));
        known = routes;
      }
      long time = batch.timeNanos(i);
      double value = batch.value(i);
      for (int s = 0; s < sinks.length; s++) {
        sinks[s].add(time, value);
      }
      if (track) {
        if (stamp[id] != number) {
          stamp[id] = number;
          counts[id] = 0;
          latest[id] = time;
          touched = remember(touched, id, batch.series(i));
        }
        counts[id]++;
        if (time > latest[id]) {
          latest[id] = time;
        }
      }
    }
    for (int t = 0; t < touched; t++) {
      int id = touchedIds[t];
      for (SinkRouter r : touchedRouters) {
        r.touched(touchedSeries[t], counts[id], latest[id]);
      }
      touchedSeries[t] = null;
    }
  }

  private int remember(int touched, int id, Series series) {
    if (touched == touchedIds.length) {
      touchedIds = Arrays.copyOf(touchedIds, touched * 2);
      touchedSeries = Arrays.copyOf(touchedSeries, touched * 2);
    }
    touchedIds[touched] = id;
    touchedSeries[touched] = series;
    return touched + 1;
  }

  /** Joins the routers' sinks for a series seen for the first time. */
  private Sink[] route(Series series) {
    Sink[] joined = NONE;
    for (SinkRouter r : routers) {
      Sink[] own = r.sinksFor(series);
      if (own.length > 0) {
        Sink[] grown = Arrays.copyOf(joined, joined.length + own.length);
        System.arraycopy(own, 0, grown, joined.length, own.length);
        joined = grown;
      }
    }
    int id = series.id();
    if (id >= routes.length) {
      routes = Arrays.copyOf(routes, Math.max(routes.length * 2, id + 1));
    }
    if (touchedRouters.length > 0 && id >= stamp.length) {
      int size = Math.max(routes.length, id + 1);
      stamp = Arrays.copyOf(stamp, size);
      counts = Arrays.copyOf(counts, size);
      latest = Arrays.copyOf(latest, size);
    }
    routes[id] = joined;
    return joined;
  }
}
