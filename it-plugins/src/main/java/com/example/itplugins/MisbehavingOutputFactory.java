package com.example.itplugins;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A third-party plug-in that misbehaves, for a real JMeter run: {@code K6_OUT=misbehaving=hang}
 * never returns from its first addMetricSamples nor from stop; {@code =throw} throws from every
 * call.
 */
public final class MisbehavingOutputFactory implements OutputFactory {
  @Override
  public String name() {
    return "misbehaving";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(OutputParams params) {
    boolean hang = params.argument().equals("hang");
    return new Output() {
      @Override
      public String description() {
        return "misbehaving (" + params.argument() + ")";
      }

      @Override
      public void start() {}

      @Override
      public void addMetricSamples(SampleBatch batch) {
        if (hang) {
          while (true) {
            LockSupport.park(this);
          }
        }
        throw new IllegalStateException("misbehaving plug-in throws");
      }

      @Override
      public void stop() {
        while (hang) {
          LockSupport.park(this);
        }
      }
    };
  }
}
