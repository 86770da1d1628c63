package io.k6bridge.jmeter;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.MetricRegistry;

/**
 * Custom metrics for samples k6 has no built-in for: JDBC, TCP, JSR223, JMS... samplers. Named in
 * k6's style (as grpc_req_duration is for gRPC) and tagged {@code name}, {@code status} (JMeter's
 * response code), {@code group}, {@code scenario} and the run tags.
 */
final class JMeterMetrics {
  /** One per non-HTTP sample. */
  static final String SAMPLES = "jmeter_samples";

  /** The sample's elapsed time (JMeter's "time"), in ms. */
  static final String SAMPLE_DURATION = "jmeter_sample_duration";

  /** 1 when JMeter marked the sample failed (by the sampler or an assertion), else 0. */
  static final String SAMPLE_FAILED = "jmeter_sample_failed";

  final Metric samples;
  final Metric sampleDuration;
  final Metric sampleFailed;

  JMeterMetrics(MetricRegistry registry) {
    samples = registry.register(SAMPLES, MetricType.COUNTER, ValueType.DEFAULT);
    sampleDuration = registry.register(SAMPLE_DURATION, MetricType.TREND, ValueType.TIME);
    sampleFailed = registry.register(SAMPLE_FAILED, MetricType.RATE, ValueType.DEFAULT);
  }
}
