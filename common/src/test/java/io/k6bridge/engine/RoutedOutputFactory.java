package io.k6bridge.engine;

import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.aggregate.WithSinkRouter;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.Sink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test output {@code test-routed=<id>}: a built-in aggregating output with a sink router, one
 * counter sink per series, that counts what the engine's fan-out told it and any batch it was
 * handed instead. {@code test-routed=throw-after-N} names sinks for N series, then throws when
 * asked for another, as the dashboard did when its slot arrays grew; {@code test-routed=hang} hangs
 * in its first touched() (with every router's lock held) until the test releases it.
 */
public final class RoutedOutputFactory implements BuiltinOutputFactory {
  static final Map<String, RoutedOutput> CREATED = new ConcurrentHashMap<>();

  /** {@code test-routed=hang} waits in touched() until this opens, after saying it got there. */
  static final CountDownLatch HANG_ENTERED = new CountDownLatch(1);

  static final CountDownLatch HANG_RELEASE = new CountDownLatch(1);

  @Override
  public String name() {
    return "test-routed";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(BuiltinParams params) {
    String arg = params.argument();
    RoutedOutput o =
        new RoutedOutput(
            arg.startsWith("throw-after-")
                ? Long.parseLong(arg.substring("throw-after-".length()))
                : -1,
            arg.equals("hang"));
    CREATED.put(params.argument(), o);
    return o;
  }

  static final class RoutedOutput implements Output, WithSinkRouter, SinkRouter {
    // Guarded by this (the router's lock); read after stop(), which joins the engine thread.
    final Map<Series, CounterSink> sinks = new ConcurrentHashMap<>();
    final AtomicLong touchedSamples = new AtomicLong();
    final AtomicLong batchesHanded = new AtomicLong();
    private final long throwAfter;
    private final boolean hang;

    RoutedOutput(long throwAfter, boolean hang) {
      this.throwAfter = throwAfter;
      this.hang = hang;
    }

    @Override
    public String description() {
      return "test-routed";
    }

    @Override
    public SinkRouter sinkRouter() {
      return this;
    }

    @Override
    public Object lock() {
      return this;
    }

    @Override
    public Sink[] sinksFor(Series series) {
      if (throwAfter >= 0 && sinks.size() >= throwAfter) {
        throw new ArrayIndexOutOfBoundsException("test-routed: no room for " + series);
      }
      return new Sink[] {sinks.computeIfAbsent(series, s -> new CounterSink())};
    }

    @Override
    public boolean wantsTouched() {
      return true;
    }

    @Override
    public void touched(Series series, int samples, long latestNanos) {
      touchedSamples.addAndGet(samples);
      if (hang) {
        HANG_ENTERED.countDown();
        try {
          HANG_RELEASE.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void start() {}

    @Override
    public void addMetricSamples(SampleBatch batch) {
      batchesHanded.incrementAndGet();
    }

    @Override
    public void stop() {}
  }
}
