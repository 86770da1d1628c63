package io.k6bridge.output.json;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.text.OutputTarget;
import io.k6bridge.output.text.SampleTextStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * k6's {@code --out json}: every sample as one NDJSON line, written by its own thread every 200 ms
 * (k6's flushPeriod) to a file, a gzipped file or standard output.
 */
final class JsonOutput implements Output, WithThresholds {
  static final Duration FLUSH_PERIOD = Duration.ofMillis(200);

  private final OutputTarget target;
  private final JsonLines lines;
  private final SampleTextStream stream;

  JsonOutput(OutputTarget target, SampleBuffer buffer, JsonLines lines, DropCounter failedWrites) {
    this.target = target;
    this.lines = lines;
    this.stream =
        new SampleTextStream("k6bridge-json", FLUSH_PERIOD, buffer, lines::encode, failedWrites);
  }

  @Override
  public String description() {
    return target.isStdout() ? "json(stdout)" : "json (" + target.name() + ")";
  }

  @Override
  public void setThresholds(List<ThresholdDefinition> thresholds) {
    lines.setThresholds(thresholds);
  }

  @Override
  public void start() throws IOException {
    target.open();
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
