package io.k6bridge.output.text;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.builtin.PeriodicFlusher;
import io.k6bridge.output.builtin.SampleBuffer;
import java.io.IOException;
import java.time.Duration;

/**
 * The buffered write path shared by the per-sample text outputs (json, csv, exec): the engine
 * thread copies batches into a bounded {@link SampleBuffer}; a {@link PeriodicFlusher} thread
 * encodes them into one reused buffer and hands it to the sink in bounded chunks, so a large flush
 * never grows one array and the engine never waits on I/O.
 */
public final class SampleTextStream {
  /** Appends one sample as one line, newline included. */
  public interface Encoder {
    void encode(TextBuffer out, Series series, long timeNanos, double value);
  }

  /** Where encoded text goes; called on the flusher thread only. */
  public interface Sink {
    void write(TextBuffer text) throws IOException;

    void flush() throws IOException;
  }

  private static final int CHUNK = 64 * 1024;

  private final String threadName;
  private final Duration period;
  private final SampleBuffer buffer;
  private final Encoder encoder;
  private final DropCounter failedWrites;
  private final TextBuffer text = new TextBuffer(CHUNK + 4096);
  private Sink sink;
  private PeriodicFlusher flusher;

  /**
   * @param failedWrites counts the samples of flushes that threw (the sink failed)
   */
  public SampleTextStream(
      String threadName,
      Duration period,
      SampleBuffer buffer,
      Encoder encoder,
      DropCounter failedWrites) {
    this.threadName = threadName;
    this.period = period;
    this.buffer = buffer;
    this.encoder = encoder;
    this.failedWrites = failedWrites;
  }

  /** Starts the flusher thread writing to {@code sink}. */
  public void start(Sink sink) {
    this.sink = sink;
    flusher = PeriodicFlusher.start(threadName, period, buffer, this::write, failedWrites);
  }

  /** On the engine thread: a bounded copy, never I/O. */
  public void add(SampleBatch batch) {
    buffer.addMetricSamples(batch);
  }

  /** Writes everything still buffered, then ends the flusher thread. */
  public void stop() throws InterruptedException {
    if (flusher != null) {
      flusher.stop();
    }
  }

  private void write(SampleBatch samples) throws IOException {
    text.reset();
    for (int i = 0; i < samples.size(); i++) {
      encoder.encode(text, samples.series(i), samples.timeNanos(i), samples.value(i));
      if (text.size() >= CHUNK) {
        sink.write(text);
        text.reset();
      }
    }
    sink.write(text);
    sink.flush();
  }
}
