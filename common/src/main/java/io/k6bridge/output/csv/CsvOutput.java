package io.k6bridge.output.csv;

import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputTarget;
import io.k6bridge.output.PeriodicFlusher;
import io.k6bridge.output.SampleBatch;
import io.k6bridge.output.SampleBuffer;
import io.k6bridge.output.SampleTextWriter;
import io.k6bridge.output.TextBuffer;
import java.io.IOException;
import java.time.Duration;

/**
 * k6's {@code --out csv}: a header at start, then one row per sample, written by its own thread
 * every K6_CSV_SAVE_INTERVAL to a file, a gzipped file or standard output.
 */
final class CsvOutput implements Output {
  private final OutputTarget target;
  private final Duration saveInterval;
  private final SampleBuffer buffer;
  private final CsvEncoder encoder;
  private final DropCounter failedWrites;
  private final SampleTextWriter writer;
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
    this.writer = new SampleTextWriter(encoder::encode);
  }

  @Override
  public String description() {
    return target.isStdout() ? "csv (stdout)" : "csv (" + target.name() + ")";
  }

  @Override
  public void start() throws IOException {
    target.open();
    TextBuffer header = new TextBuffer(256);
    encoder.appendHeader(header);
    target.write(header);
    target.flush();
    flusher = PeriodicFlusher.start("k6bridge-csv", saveInterval, buffer, this::write, failedWrites);
  }

  @Override
  public void addMetricSamples(SampleBatch batch) {
    buffer.addMetricSamples(batch);
  }

  private void write(SampleBatch samples) throws IOException {
    writer.write(samples, target);
  }

  @Override
  public void stop() throws Exception {
    if (flusher != null) {
      flusher.stop();
    }
    target.close();
  }
}
