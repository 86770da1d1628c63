package io.k6bridge.output;

/**
 * Where samples go: k6's output contract (output/types.go). The engine calls {@link #start()} once
 * before load, {@link #addMetricSamples} from its own thread for every drained batch, and {@link
 * #stop()} once at the end.
 *
 * <p>{@link #addMetricSamples} must not block or do I/O: copy or aggregate what is needed and
 * return. Outputs do their I/O on their own threads. {@link #stop()} flushes everything still
 * buffered; the engine bounds how long it may take.
 */
public interface Output {
  /** A human-readable description, shown at start, such as "json (results.json.gz)". */
  String description();

  void start() throws Exception;

  void addMetricSamples(SampleBatch batch);

  void stop() throws Exception;
}
