package io.k6bridge.output.csv;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.text.OutputTarget;
import io.k6bridge.output.text.SampleTextStream;
import io.k6bridge.output.text.TextBuffer;
import java.io.IOException;
import java.time.Duration;

/**
 * k6's {@code --out csv}: a header at start, then one row per sample, written by its own thread
 * every K6_CSV_SAVE_INTERVAL to a file, a gzipped file or standard output.
 */
final class CsvOutput implements Output {
  private final OutputTarget target;
  private final CsvEncoder encoder;
  private final SampleTextStream stream;

  CsvOutput(
      OutputTarget target,
      Duration saveInterval,
      SampleBuffer buffer,
      CsvEncoder encoder,
      DropCounter failedWrites) {
    this.target = target;
    this.encoder = encoder;
    this.stream =
        new SampleTextStream("k6bridge-csv", saveInterval, buffer, encoder::encode, failedWrites);
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
    stream.start(target);
  }

  @Override
  public void addMetricSamples(SampleBatch batch) {
    stream.add(batch);
  }

  @Override
  public void stop() throws Exception {
    stream.stop();
    target.close();
  }
}
