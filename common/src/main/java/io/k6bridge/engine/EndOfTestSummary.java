package io.k6bridge.engine;

import io.k6bridge.config.Config;
import io.k6bridge.output.builtin.OutputFiles;
import io.k6bridge.summary.RunAggregates;
import io.k6bridge.summary.SummaryJson;
import io.k6bridge.summary.SummaryOptions;
import io.k6bridge.summary.TextSummary;
import io.k6bridge.threshold.ThresholdSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the run says at its end from the summary's aggregates: k6's text summary with our notes
 * under it (losses, a saturated injector), {@code K6_SUMMARY_EXPORT} and {@code
 * K6BRIDGE_SUMMARY_JSON}. Its files are claimed before load, so one that cannot be written fails
 * the run then, not after it.
 */
final class EndOfTestSummary {
  private final SummaryOptions options;
  private final RunAggregates aggregates;
  private final ThresholdSet thresholds;
  private final Path baseDirectory;

  EndOfTestSummary(
      SummaryOptions options,
      RunAggregates aggregates,
      ThresholdSet thresholds,
      Path baseDirectory) {
    this.options = options;
    this.aggregates = aggregates;
    this.thresholds = thresholds;
    this.baseDirectory = baseDirectory;
  }

  /** Checks and reserves the summary files: finding out at the end would lose the report. */
  static void claimFiles(
      Config config, SummaryOptions options, Path baseDirectory, OutputFiles files) {
    for (var key : List.of(SummaryOptions.EXPORT, SummaryOptions.JSON)) {
      String file = key == SummaryOptions.EXPORT ? options.exportFile() : options.jsonFile();
      if (!file.isEmpty()) {
        files.claim(key.name(), file, config.sourceOf(key.name()), baseDirectory.resolve(file));
      }
    }
  }

  /**
   * Writes the JSON files asked for and renders the text summary. Call only once nothing adds to
   * the aggregates any more.
   *
   * @param injector the injector's health, a section of its own; empty for none
   * @param failures where a file that could not be written is reported
   * @return the text summary, or "" when K6_SUMMARY_MODE=disabled
   */
  String render(
      Duration testRun,
      Map<String, Long> drops,
      List<String> saturation,
      Map<String, String> injector,
      List<String> failures) {
    write(
        options.exportFile(),
        SummaryOptions.EXPORT.name(),
        () -> SummaryJson.summaryExport(aggregates, thresholds, options, testRun),
        failures);
    write(
        options.jsonFile(),
        SummaryOptions.JSON.name(),
        () -> SummaryJson.handleSummaryData(aggregates, thresholds, options, testRun),
        failures);
    if (options.disabled()) {
      return "";
    }
    List<String> notes = new ArrayList<>();
    long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
    if (dropped > 0) {
      notes.add(
          "k6bridge: "
              + dropped
              + " samples dropped "
              + drops
              + "; samples dropped by sampler threads are missing from these totals");
    }
    for (String warning : saturation) {
      notes.add("k6bridge: " + warning);
    }
    String note = notes.isEmpty() ? null : String.join("\n  ", notes);
    return TextSummary.render(aggregates, thresholds, options, testRun, note, "INJECTOR", injector);
  }

  private void write(String file, String key, Supplier<String> content, List<String> failures) {
    if (file.isEmpty()) {
      return;
    }
    Path path = baseDirectory.resolve(file).toAbsolutePath();
    try {
      // As JMeter does for its -l results file: a results directory need not exist yet.
      Files.createDirectories(path.getParent());
      Files.write(path, content.get().getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      failures.add(key + ": could not write " + path + ": " + e);
    }
  }
}
