package io.k6bridge.output.csv;

import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputTarget;
import io.k6bridge.output.PeriodicFlusher;
import io.k6bridge.output.SampleBatch;
import io.k6bridge.output.SampleBuffer;
import io.k6bridge.output.TextBuffer;
import java.io.IOException;
import java.time.Duration;

/**
 * k6's {@code --out csv}: a header at start, then one row per sample, written by its own thread
 * every K6_CSV_SAVE_INTERVAL to a file, a gzipped file or standard output.
 */
final class CsvOutput implements Output {
  private static final int WRITE_CHUNK = 64 * 1024;

  private final OutputTarget target;
  private final Duration saveInterval;
  private final SampleBuffer buffer;
  private final CsvEncoder encoder;
  private final DropCounter failedWrites;
  private final TextBuffer text = new TextBuffer(WRITE_CHUNK + 4096);
  private PeriodicFlusher flusher;

  CsvOutput(
      OutputTarget target,
      Duration saveInterval,
      SampleBuffer buffer,
      CsvEncoder encoder,
      DropCounter failedWrites) {
    this.target = target;
    this.saveInterval = saveInterval;
    this.buffer = buffer;
    this.encoder = encoder;
    this.failedWrites = failedWrites;
  }

  @Override
  public String description() {
    return target.isStdout() ? "csv (stdout)" : "csv (" + target.name() + ")";
  }

  @Override
  public void start() throws IOException {
    target.open();
    text.reset();
    encoder.appendHeader(text);
    target.write(text);
    target.flush();
    flusher = PeriodicFlusher.start("k6bridge-csv", saveInterval, buffer, this::write, failedWrites);
  }

  @Override
  public void addMetricSamples(SampleBatch batch) {
    buffer.addMetricSamples(batch);
  }

  private void write(SampleBatch samples) throws IOException {
    text.reset();
    for (int i = 0; i < samples.size(); i++) {
      encoder.encode(text, samples.series(i), samples.timeNanos(i), samples.value(i));
      if (text.size() >= WRITE_CHUNK) {
        target.write(text);
        text.reset();
      }
    }
    target.write(text);
    target.flush();
  }

  @Override
  public void stop() throws Exception {
    if (flusher != null) {
      flusher.stop();
    }
    target.close();
  }
}
