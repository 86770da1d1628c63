package io.k6bridge.output;

import io.k6bridge.metrics.Series;
import java.io.IOException;

/**
 * The write path shared by the per-sample text outputs (json, csv, exec): encodes a drained batch
 * into one reused buffer and hands it to the sink in bounded chunks, so a large flush never grows
 * one array. Used by one flusher thread.
 */
public final class SampleTextWriter {
  /** Appends one sample as one line, newline included. */
  public interface Encoder {
    void encode(TextBuffer out, Series series, long timeNanos, double value);
  }

  /** Where encoded text goes. */
  public interface Sink {
    void write(TextBuffer text) throws IOException;

    void flush() throws IOException;
  }

  private static final int CHUNK = 64 * 1024;

  private final Encoder encoder;
  private final TextBuffer text = new TextBuffer(CHUNK + 4096);

  public SampleTextWriter(Encoder encoder) {
    this.encoder = encoder;
  }

  /** Encodes and writes every sample of {@code samples}, then flushes the sink. */
  public void write(SampleBatch samples, Sink sink) throws IOException {
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
