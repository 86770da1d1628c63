package com.example.k6output;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.Output;
import io.k6bridge.output.WithStopWithTestError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts samples and sums values per metric, and writes them at the end as a properties file
 * ({@code http_reqs.count=120}, {@code http_reqs.sum=120}, ..., and {@code test.error=} with why
 * the test was aborted, if it was). A plug-in's addMetricSamples runs on its own thread, so plain
 * maps are safe here; the batch is only valid during the call, so only numbers are kept.
 */
final class MetricCountsOutput implements Output, WithStopWithTestError {
  private final Path file;
  private final Map<String, long[]> counts = new TreeMap<>();
  private final Map<String, double[]> sums = new TreeMap<>();

  MetricCountsOutput(Path file) {
    this.file = file;
  }

  @Override
  public String description() {
    return "metric-counts (" + file.getFileName() + ")";
  }

  @Override
  public void start() {}

  @Override
  public void addMetricSamples(SampleBatch batch) {
    for (int i = 0; i < batch.size(); i++) {
      String metric = batch.series(i).metric().name();
      counts.computeIfAbsent(metric, m -> new long[1])[0]++;
      sums.computeIfAbsent(metric, m -> new double[1])[0] += batch.value(i);
    }
  }

  @Override
  public void stop() throws IOException {
    stopWithTestError(null);
  }

  @Override
  public void stopWithTestError(Exception testError) throws IOException {
    StringBuilder out = new StringBuilder();
    counts.forEach((metric, n) -> out.append(metric).append(".count=").append(n[0]).append('\n'));
    sums.forEach((metric, s) -> out.append(metric).append(".sum=").append(s[0]).append('\n'));
    out.append("test.error=").append(testError == null ? "" : testError.getMessage()).append('\n');
    Files.write(file, out.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
