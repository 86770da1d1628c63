package io.k6bridge.output;

import io.k6bridge.metrics.SampleBatch;

/**
 * Where samples go: k6's output contract (output/types.go), and the public interface for output
 * plug-ins. The engine calls {@link #start()} once before load, {@link #addMetricSamples} for every
 * drained batch, and {@link #stop()} once at the end.
 *
 * <p><b>Threads.</b> An output registered as a plug-in ({@code
 * META-INF/services/io.k6bridge.output.OutputFactory}, whatever its package) gets its batches on a
 * thread of its own, fed through a bounded buffer (K6BRIDGE_BUFFER_SAMPLES), and may do I/O there:
 * a plug-in that throws loses that batch, one that blocks loses what overflows its buffer, both
 * counted; neither stops the test or delays any other output. {@link #stop()} flushes what is still
 * buffered; the run bounds how long it may take (K6BRIDGE_STOP_TIMEOUT).
 *
 * <p><b>Optional parts</b>, as in k6, by also implementing: {@link WithThresholds} (receive the
 * run's thresholds before start), {@link WithStopWithTestError} (be told at stop why the test was
 * aborted), {@link WithTestRunStop} (ask the test to stop early). Retries and failures of the
 * destination can be reported as lifecycle events through {@link OutputParams#events()}, and losses
 * are counted with {@link OutputParams#dropCounter}.
 */
public interface Output {
  /** A human-readable description, shown at start, such as "json (results.json.gz)". */
  String description();

  void start() throws Exception;

  void addMetricSamples(SampleBatch batch);

  void stop() throws Exception;
}
