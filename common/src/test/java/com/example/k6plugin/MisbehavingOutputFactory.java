package com.example.k6plugin;

import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.aggregate.WithSinkRouter;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import io.k6bridge.output.WithStopWithTestError;
import io.k6bridge.output.WithTestRunStop;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.Sink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A third-party plug-in (outside io.k6bridge) for isolation tests: {@code test-plugin=hang} blocks
 * in addMetricSamples until released, {@code =throw...} throws from every call, {@code =stopper}
 * counts and asks the test to stop at its first batch; every one records the test error it is
 * stopped with, and offers a sink router, which the engine must not use for a plug-in.
 */
public final class MisbehavingOutputFactory implements OutputFactory {
  public static final Map<String, Plugin> CREATED = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "test-plugin";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(OutputParams params) {
    Plugin p = new Plugin(params.argument());
    CREATED.put(params.argument(), p);
    return p;
  }

  public static final class Plugin
      implements Output, WithStopWithTestError, WithTestRunStop, WithSinkRouter {
    public final String mode;
    public final CountDownLatch release = new CountDownLatch(1);
    public final AtomicLong received = new AtomicLong();
    public volatile String addThread;
    public volatile Exception testError;
    public volatile boolean stopped;
    public volatile boolean routed;
    private Consumer<Exception> stopTest;

    Plugin(String mode) {
      this.mode = mode;
    }

    @Override
    public String description() {
      return "test-plugin (" + mode + ")";
    }

    @Override
    public void setTestRunStopCallback(Consumer<Exception> stop) {
      this.stopTest = stop;
    }

    @Override
    public SinkRouter sinkRouter() {
      return new SinkRouter() {
        @Override
        public Object lock() {
          return this;
        }

        @Override
        public Sink[] sinksFor(Series series) {
          routed = true;
          return new Sink[] {new CounterSink()};
        }
      };
    }

    @Override
    public void start() {}

    @Override
    public void addMetricSamples(SampleBatch batch) {
      addThread = Thread.currentThread().getName();
      if (mode.equals("hang")) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (mode.startsWith("throw")) {
        throw new IllegalStateException("plug-in bug");
      }
      if (mode.equals("stopper") && received.get() == 0) {
        stopTest.accept(new Exception("the destination says stop"));
      }
      received.addAndGet(batch.size());
    }

    @Override
    public void stop() {
      throw new AssertionError("stopWithTestError is called instead");
    }

    @Override
    public void stopWithTestError(Exception testError) {
      this.testError = testError;
      stopped = true;
    }
  }
}
