package io.k6bridge.output;

import io.k6bridge.metrics.SampleBatch;

/**
 * Where samples go: k6's output contract (output/types.go), and the public interface for output
 * plug-ins. The engine calls {@link #start()} once before load, {@link #addMetricSamples} for every
 * drained batch, and {@link #stop()} once at the end.
 *
 * <p>{@link #addMetricSamples} must not block or do I/O: copy or aggregate what is needed and
 * return. Outputs do their I/O on their own threads. {@link #stop()} flushes everything still
 * buffered; the engine bounds how long it may take (K6BRIDGE_STOP_TIMEOUT).
 *
 * <p><b>Optional parts</b>, as in k6, by also implementing: {@link WithThresholds} (receive the
 * run's thresholds before start), {@link WithStopWithTestError} (be told at stop why the test was
 * aborted), {@link WithTestRunStop} (ask the test to stop early). Retries and failures of the
 * destination can be reported as lifecycle events through {@link OutputParams#events()}, and losses
 * are counted with {@link OutputParams#dropCounter}.
 *
 * <p><b>Plug-ins:</b> an output whose {@link OutputFactory} is outside the {@code io.k6bridge}
 * packages is a plug-in. Its {@link #addMetricSamples} runs on a thread of its own, fed through a
 * bounded buffer (K6BRIDGE_BUFFER_SAMPLES): a plug-in that throws loses that batch (counted), one
 * that blocks or hangs loses what overflows its buffer (counted); neither stops the test or delays
 * any other output.
 */
public interface Output {
  /** A human-readable description, shown at start, such as "json (results.json.gz)". */
  String description();

  void start() throws Exception;

  void addMetricSamples(SampleBatch batch);

  void stop() throws Exception;
}
