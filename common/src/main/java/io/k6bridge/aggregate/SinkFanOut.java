package io.k6bridge.aggregate;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.sink.Sink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Adds each sample of a batch to the sinks its series goes to in every {@link SinkRouter}, in one
 * pass: the series' sinks of all routers are joined into one array, looked up once per sample by
 * the series id the ingest buffer holds. Reading the batch and finding the series' destinations
 * cost more than the sink updates themselves (SinkFanOutBenchmark, benchmarks/RESULTS.md), so three
 * consumers each making their own pass paid that three times.
 *
 * <p>One consumer's fault never costs another its samples. A consumer's own code runs only where it
 * names a series' sinks and where it is told what a batch touched; a router that throws there, or
 * names a null sink, is cut off for the rest of the run: the batch goes on to every other router,
 * and from then on the failed router's samples are counted as lost under its name ({@link
 * #failures()}). The sinks themselves are k6bridge's own four classes, whose adds cannot throw but
 * for running out of memory: the per-sample loop carries no exception handler, which would make the
 * JIT keep the loop's variables exact at every possible throw, and such a failure costs the batch,
 * which the engine counts.
 *
 * <p>Not thread-safe: one thread adds. It holds every router's lock while it adds a batch, always
 * in the routers' order, and each router's readers take only their own.
 */
public final class SinkFanOut {
  private static final Sink[] NONE = new Sink[0];
  private static final int[] NO_OWNERS = new int[0];

  /** A consumer fed by the fan-out, with the name its failure is reported under. */
  public record Consumer(String name, SinkRouter router) {}

  /** A router that threw and was cut off, and how many samples it has not received since. */
  public record Failure(String name, Throwable error, long lostSamples) {}

  private final Member[] members;
  private final BiConsumer<String, Throwable> onFailure;
  private boolean anyTouched;
  private Route[] routes = new Route[256];
  private Route[] touched = new Route[64];
  private int batchNumber;

  private static final class Member {
    final String name;
    final SinkRouter router;
    final boolean wantsTouched;
    // Written by the adding thread only; volatile so that failures() reads them without a lock,
    // which a hung consumer may hold for good.
    volatile Throwable error;
    volatile long lost;

    Member(String name, SinkRouter router) {
      this.name = name;
      this.router = router;
      this.wantsTouched = router.wantsTouched();
    }
  }

  /**
   * One series' sinks in every live router, which router each belongs to (an index into {@link
   * #members}), and what the current batch held of it.
   */
  private static final class Route {
    final Series series;
    Sink[] sinks;
    int[] owners;
    int batch;
    int samples;
    long latestNanos;

    Route(Series series, Sink[] sinks, int[] owners) {
      this.series = series;
      this.sinks = sinks;
      this.owners = owners;
    }
  }

  /**
   * @param consumers the routers, in the order their locks are taken
   * @param onFailure told once per router, on the adding thread, when it throws and is cut off
   */
  public SinkFanOut(List<Consumer> consumers, BiConsumer<String, Throwable> onFailure) {
    this.members = new Member[consumers.size()];
    for (int i = 0; i < members.length; i++) {
      members[i] = new Member(consumers.get(i).name(), consumers.get(i).router());
    }
    this.onFailure = onFailure;
    updateTouched();
  }

  /**
   * A fan-out whose routers are named by their class; a failure shows only in {@link #failures}.
   */
  public SinkFanOut(List<? extends SinkRouter> routers) {
    this(
        routers.stream().map(r -> new Consumer(r.getClass().getSimpleName(), r)).toList(),
        (name, error) -> {});
  }

  /** Adds every sample of {@code batch}, with every router's lock held. */
  public void add(SampleBatch batch) {
    if (batch.size() > 0) {
      addLocked(batch, 0);
    }
  }

  /**
   * Routers cut off after throwing, in the routers' order; empty while all work. Takes no lock: any
   * thread may ask, even while the adding thread is stuck in a batch.
   */
  public List<Failure> failures() {
    List<Failure> out = new ArrayList<>();
    for (Member m : members) {
      Throwable error = m.error;
      if (error != null) {
        out.add(new Failure(m.name, error, m.lost));
      }
    }
    return out;
  }

  private void addLocked(SampleBatch batch, int router) {
    if (router < members.length) {
      synchronized (members[router].router.lock()) {
        addLocked(batch, router + 1);
      }
      return;
    }
    for (Member m : members) {
      if (m.error != null) {
        m.lost += batch.size();
      }
    }
    int number = ++batchNumber;
    tellTouched(addAll(batch, number));
  }

  /** Every sample to every sink of its route. */
  private int addAll(SampleBatch batch, int number) {
    boolean track = anyTouched; // loop-invariant: the JIT splits the loop on it
    int seen = 0;
    Route[] known = routes;
    for (int i = 0, n = batch.size(); i < n; i++) {
      int id = batch.seriesId(i);
      Route r = id < known.length ? known[id] : null;
      if (r == null) {
        r = route(batch.series(i), batch.size() - i);
        known = routes;
      }
      long time = batch.timeNanos(i);
      double value = batch.value(i);
      Sink[] sinks = r.sinks;
      for (int s = 0; s < sinks.length; s++) {
        sinks[s].add(time, value);
      }
      if (track) {
        seen = track(seen, r, number, time);
      }
    }
    return seen;
  }

  private int track(int seen, Route r, int number, long time) {
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
    return seen;
  }

  private void tellTouched(int seen) {
    for (int t = 0; t < seen; t++) {
      Route r = touched[t];
      touched[t] = null;
      for (int m = 0; m < members.length; m++) {
        Member member = members[m];
        if (!member.wantsTouched || member.error != null) {
          continue;
        }
        try {
          member.router.touched(r.series, r.samples, r.latestNanos);
        } catch (RuntimeException | Error e) {
          fail(m, e, 0);
        }
      }
    }
  }

  private int remember(int seen, Route r) {
    if (seen == touched.length) {
      touched = Arrays.copyOf(touched, seen * 2);
    }
    touched[seen] = r;
    return seen + 1;
  }

  /**
   * Joins the live routers' sinks for a series seen for the first time; a router that throws is cut
   * off, losing the {@code batchLeft} samples of the batch from this one on.
   */
  private Route route(Series series, int batchLeft) {
    Sink[] joined = NONE;
    int[] owners = NO_OWNERS;
    for (int m = 0; m < members.length; m++) {
      Member member = members[m];
      if (member.error != null) {
        continue;
      }
      Sink[] own;
      try {
        own = checked(member.router.sinksFor(series), series);
      } catch (RuntimeException | Error e) {
        fail(m, e, batchLeft);
        continue;
      }
      if (own.length > 0) {
        int from = joined.length;
        joined = Arrays.copyOf(joined, from + own.length);
        System.arraycopy(own, 0, joined, from, own.length);
        owners = Arrays.copyOf(owners, from + own.length);
        Arrays.fill(owners, from, owners.length, m);
      }
    }
    int id = series.id();
    if (id >= routes.length) {
      routes = Arrays.copyOf(routes, Math.max(routes.length * 2, id + 1));
    }
    Route r = new Route(series, joined, owners);
    routes[id] = r;
    return r;
  }

  /** A router's sinks, refused when it names none or a null one: adding would throw mid-sample. */
  private static Sink[] checked(Sink[] sinks, Series series) {
    if (sinks == null) {
      throw new IllegalStateException("no sinks array for " + series);
    }
    for (Sink sink : sinks) {
      if (sink == null) {
        throw new IllegalStateException("a null sink for " + series);
      }
    }
    return sinks;
  }

  /**
   * Cuts router {@code m} off: its sinks leave every route, it is no longer told anything, and
   * {@code lostNow} samples of the current batch count as lost to it.
   */
  private void fail(int m, Throwable error, long lostNow) {
    Member member = members[m];
    if (member.error != null) {
      return;
    }
    member.error = error;
    member.lost += lostNow;
    for (Route r : routes) {
      if (r != null) {
        drop(r, m);
      }
    }
    updateTouched();
    onFailure.accept(member.name, error);
  }

  private static void drop(Route r, int m) {
    int kept = 0;
    for (int owner : r.owners) {
      if (owner != m) {
        kept++;
      }
    }
    if (kept == r.owners.length) {
      return;
    }
    Sink[] sinks = new Sink[kept];
    int[] owners = new int[kept];
    for (int s = 0, k = 0; s < r.owners.length; s++) {
      if (r.owners[s] != m) {
        sinks[k] = r.sinks[s];
        owners[k++] = r.owners[s];
      }
    }
    r.sinks = sinks;
    r.owners = owners;
  }

  private void updateTouched() {
    anyTouched = false;
    for (Member m : members) {
      anyTouched |= m.wantsTouched && m.error == null;
    }
  }
}
