package com.example.k6output;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import java.util.List;

/**
 * {@code K6_OUT=metric-counts=FILE}: found by {@link java.util.ServiceLoader} through
 * META-INF/services/io.k6bridge.output.OutputFactory, chosen by its name.
 */
public final class MetricCountsOutputFactory implements OutputFactory {
  @Override
  public String name() {
    return "metric-counts";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(OutputParams params) {
    if (params.argument().isEmpty()) {
      throw new io.k6bridge.config.ConfigException(
          "K6_OUT", "metric-counts needs a file: K6_OUT=metric-counts=counts.properties");
    }
    return new MetricCountsOutput(params.resolve(params.argument()));
  }
}
