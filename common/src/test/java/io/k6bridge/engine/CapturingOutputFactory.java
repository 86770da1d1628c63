package io.k6bridge.engine;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The test output {@code test-capture=<id>}: records what it receives. An id starting with
 * "throwing" throws a RuntimeException from every addMetricSamples, one starting with "erroring" an
 * Error; one starting with "hanging" blocks in stop() until the test releases it.
 */
public final class CapturingOutputFactory implements BuiltinOutputFactory {
  static final Map<String, CapturingOutput> CREATED = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "test-capture";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(BuiltinParams params) {
    CapturingOutput o = new CapturingOutput(params.argument());
    CREATED.put(params.argument(), o);
    return o;
  }

  static final class CapturingOutput implements Output {
    final String id;
    // Written by the engine thread only; read after stop(), which joins it.
    final List<Series> series = new ArrayList<>();
    final List<Long> times = new ArrayList<>();
    final List<Double> values = new ArrayList<>();
    final Set<String> addThreads = ConcurrentHashMap.newKeySet();
    final CountDownLatch releaseStop = new CountDownLatch(1);
    volatile boolean started;
    volatile boolean stopped;

    CapturingOutput(String id) {
      this.id = id;
    }

    @Override
    public String description() {
      return "test-capture (" + id + ")";
    }

    @Override
    public void start() {
      started = true;
    }

    @Override
    public void addMetricSamples(SampleBatch batch) {
      addThreads.add(Thread.currentThread().getName());
      if (id.startsWith("throwing")) {
        throw new IllegalStateException("test output refuses samples");
      }
      if (id.startsWith("erroring")) {
        throw new NoClassDefFoundError("test output is badly packaged");
      }
      for (int i = 0; i < batch.size(); i++) {
        series.add(batch.series(i));
        times.add(batch.timeNanos(i));
        values.add(batch.value(i));
      }
    }

    @Override
    public void stop() throws InterruptedException {
      if (id.startsWith("hanging")) {
        releaseStop.await();
      }
      stopped = true;
    }
  }
}
