package io.k6bridge.jmeter;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A test output, {@code K6_OUT=capture}, that keeps every sample of the last run in memory. */
public final class CapturingOutputFactory implements BuiltinOutputFactory {
  static final ConfigKey<String> LABEL =
      ConfigKey.string("K6BRIDGE_CAPTURE_LABEL", "", "Test-only key.");

  private static final List<Captured> SAMPLES = new ArrayList<>();

  /** The samples of the run that last stopped, in arrival order. */
  static synchronized List<Captured> samples() {
    return new ArrayList<>(SAMPLES);
  }

  @Override
  public String name() {
    return "capture";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(LABEL);
  }

  @Override
  public Output create(BuiltinParams params) {
    params.config().get(LABEL);
    return new Output() {
      @Override
      public String description() {
        return "capture";
      }

      @Override
      public void start() {
        synchronized (CapturingOutputFactory.class) {
          SAMPLES.clear();
        }
      }

      @Override
      public void addMetricSamples(SampleBatch batch) {
        synchronized (CapturingOutputFactory.class) {
          for (int i = 0; i < batch.size(); i++) {
            SAMPLES.add(
                new Captured(
                    batch.series(i).metric().name(),
                    batch.series(i).tags().asMap(),
                    batch.timeNanos(i),
                    batch.value(i)));
          }
        }
      }

      @Override
      public void stop() {}
    };
  }

  /** One sample as an output saw it. */
  static final class Captured {
    final String metric;
    final Map<String, String> tags;
    final long timeNanos;
    final double value;

    Captured(String metric, Map<String, String> tags, long timeNanos, double value) {
      this.metric = metric;
      this.tags = tags;
      this.timeNanos = timeNanos;
      this.value = value;
    }

    @Override
    public String toString() {
      return metric + tags + "@" + timeNanos + "=" + value;
    }
  }
}
