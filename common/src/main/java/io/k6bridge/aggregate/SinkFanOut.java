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
 * cost more than the sink updates themselves (SinkFanOutBenchmark: 67 instructions per counter
 * sample), so three consumers each making their own pass paid that three times.
 *
 * <p>Not thread-safe: one thread adds. It holds every router's lock while it adds a batch, always
 * in the routers' order, and each router's readers take only their own.
 */
public final class SinkFanOut {
  private static final Sink[] NONE = new Sink[0];

  private final SinkRouter[] routers;
  private final SinkRouter[] touchedRouters;
  private Route[] routes = new Route[256];
  private Route[] touched = new Route[64];
  private int batchNumber;

  /** One series' sinks in every router, and what the current batch held of it. */
  private static final class Route {
    final Series series;
    final Sink[] sinks;
    int batch;
    int samples;
    long latestNanos;

    Route(Series series, Sink[] sinks) {
      this.series = series;
      this.sinks = sinks;
    }
  }

  public SinkFanOut(List<? extends SinkRouter> routers) {
    this.routers = routers.toArray(new SinkRouter[0]);
    List<SinkRouter> wanting = new ArrayList<>();
    for (SinkRouter r : routers) {
      if (r.wantsTouched()) {
        wanting.add(r);
      }
    }
    this.touchedRouters = wanting.toArray(new SinkRouter[0]);
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
    int seen = 0;
    Route[] known = routes;
    for (int i = 0, n = batch.size(); i < n; i++) {
      int id = batch.seriesId(i);
      Route r = id < known.length ? known[id] : null;
      if (r == null) {
        r = route(batch.series(i));
        known = routes;
      }
      long time = batch.timeNanos(i);
      double value = batch.value(i);
      Sink[] sinks = r.sinks;
      for (int s = 0; s < sinks.length; s++) {
        sinks[s].add(time, value);
      }
      if (track) {
        if (r.batch != number) {
          r.batch = number;
          r.samples = 0;
          r.latestNanos = time;
          seen = remember(seen, r);
        }
        r.samples++;
        if (time > r.latestNanos) {
          r.latestNanos = time;
        }
      }
    }
    for (int t = 0; t < seen; t++) {
      Route r = touched[t];
      for (SinkRouter wanting : touchedRouters) {
        wanting.touched(r.series, r.samples, r.latestNanos);
      }
      touched[t] = null;
    }
  }

  private int remember(int seen, Route r) {
    if (seen == touched.length) {
      touched = Arrays.copyOf(touched, seen * 2);
    }
    touched[seen] = r;
    return seen + 1;
  }

  /** Joins the routers' sinks for a series seen for the first time. */
  private Route route(Series series) {
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
    Route r = new Route(series, joined);
    routes[id] = r;
    return r;
  }
}
