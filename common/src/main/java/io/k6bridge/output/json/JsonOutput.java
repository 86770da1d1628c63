package io.k6bridge.output.json;

import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputTarget;
import io.k6bridge.output.PeriodicFlusher;
import io.k6bridge.output.SampleBatch;
import io.k6bridge.output.SampleBuffer;
import io.k6bridge.output.TextBuffer;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.threshold.Submetric;
import io.k6bridge.threshold.ThresholdSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.time.Duration;

/**
 * k6's {@code --out json}: every sample as one NDJSON line, written by its own thread every 200 ms
 * (k6's flushPeriod) to a file, a gzipped file or standard output.
 */
final class JsonOutput implements Output, WithThresholds {
  static final Duration FLUSH_PERIOD = Duration.ofMillis(200);
  /** Bytes encoded before handing them to the stream, so a large flush does not grow one array. */
  private static final int WRITE_CHUNK = 64 * 1024;

  private final OutputTarget target;
  private final SampleBuffer buffer;
  private final JsonEncoder encoder;
  private final DropCounter failedWrites;
  private final TextBuffer text = new TextBuffer(WRITE_CHUNK + 4096);
  private final Map<String, List<String>> submetrics;
  private PeriodicFlusher flusher;

  /** @param submetrics the submetrics registered whatever the thresholds, per metric name */
  JsonOutput(OutputTarget target, SampleBuffer buffer, JsonEncoder encoder, DropCounter failedWrites,
      Map<String, List<String>> submetrics) {
    this.submetrics = submetrics;
    this.target = target;
    this.buffer = buffer;
    this.encoder = encoder;
    this.failedWrites = failedWrites;
  }

  @Override
  public String description() {
    return target.isStdout() ? "json(stdout)" : "json (" + target.name() + ")";
  }

  /**
   * Metric records carry the thresholds, and the submetrics thresholds define come before k6's
   * own expected_response one, as k6 registers them (InitSubMetricsAndThresholds).
   */
  @Override
  public void setThresholds(ThresholdSet thresholds) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (Submetric s : thresholds.submetrics()) {
      all.computeIfAbsent(s.parent().name(), k -> new ArrayList<>()).add(s.suffix());
    }
    submetrics.forEach((metric, defs) -> all.computeIfAbsent(metric, k -> new ArrayList<>()).addAll(defs));
    encoder.thresholds(thresholds.jsonByMetric(), all);
  }

  @Override
  public void start() throws IOException {
    target.open();
    flusher = PeriodicFlusher.start("k6bridge-json", FLUSH_PERIOD, buffer, this::write, failedWrites);
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
