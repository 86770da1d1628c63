package io.k6bridge.results;

import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.Series;
import io.k6bridge.sink.Sink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every series' exact aggregate for the run's results file ({@link ResultsFile}) and writes
 * it: every K6BRIDGE_RESULTS_INTERVAL while the run goes on, so that an injector that dies leaves a
 * usable file, and once more at the end. A consumer of the engine's one pass: one sink per series,
 * named once, added to with the others. Each write goes to a temporary file that then replaces the
 * results file, so a reader never sees half a file.
 */
public final class ResultsWriter implements SinkRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsWriter.class);

  public static final ConfigKey<String> FILE =
      ConfigKey.string(
          "K6BRIDGE_RESULTS",
          null,
          "Where this injector writes its results file, which k6bridge's merge command combines"
              + " with other injectors' into one summary and verdict; unset, none is written.");

  public static final ConfigKey<Duration> INTERVAL =
      ConfigKey.duration(
          "K6BRIDGE_RESULTS_INTERVAL",
          "10s",
          "How often the results file is rewritten while the test runs.");

  public static final ConfigKey<String> TEST_ID =
      ConfigKey.string(
          "K6BRIDGE_TEST_ID",
          null,
          "The test a results file belongs to, which merge checks; unset, the plan's or"
              + " simulation's name.");

  /** The name this consumer's failures are reported under. */
  public static final String NAME = "results file";

  private final Object lock = new Object();
  private final Path file;
  private final Path temporary;
  private final Duration interval;
  private final String testId;
  private final List<Series> series = new ArrayList<>();
  private final List<Sink> sinks = new ArrayList<>();
  private final Timeline timeline; // guarded by lock
  private ResultsFile.Meta meta;
  private boolean failureSaid; // the engine thread's

  /**
   * @param testId the test's id, or null for the plan's name given at {@link #begin}
   * @param timeline the timeline's period, the tags whose values get their own slots and the most
   *     such slots: the web dashboard's
   */
  public ResultsWriter(Path file, Duration interval, String testId, TimelineShape timeline) {
    this.file = file;
    this.temporary = file.resolveSibling(file.getFileName() + ".tmp");
    this.interval = interval;
    this.testId = testId;
    this.timeline =
        new Timeline(timeline.period().toMillis(), timeline.tags(), timeline.maxSubmetrics());
  }

  /** How the run's timeline is cut: the web dashboard's period, tags and submetric limit. */
  public record TimelineShape(Duration period, List<String> tags, int maxSubmetrics) {}

  public Duration interval() {
    return interval;
  }

  public Path file() {
    return file;
  }

  /** The run starts: who writes, for which test, from when. */
  public void begin(String tool, String plan, String injector, long startMillis) {
    synchronized (lock) {
      String id = testId != null && !testId.isEmpty() ? testId : plan == null ? "" : plan;
      meta = new ResultsFile.Meta(id, injector, tool, startMillis, startMillis, false, Map.of());
    }
  }

  @Override
  public Object lock() {
    return lock;
  }

  @Override
  public Sink[] sinksFor(Series s) {
    Sink sink = Sink.of(s.metric().type());
    series.add(s);
    sinks.add(sink);
    List<Sink> out = new ArrayList<>();
    out.add(sink);
    timeline.sinksFor(s, out);
    return out.toArray(new Sink[0]);
  }

  /** Ends the timeline's period if it is over: call about once a second, on the adding thread. */
  public void cut(long nowMillis) {
    synchronized (lock) {
      timeline.cut(nowMillis);
    }
  }

  /**
   * {@link #write} while the run goes on: a failed write is said once (until one succeeds again)
   * and the next one tried; only the last, at the end, is a failure of the run.
   */
  public void writeDuringRun(long nowMillis, Map<String, String> health) {
    try {
      write(nowMillis, false, health);
      failureSaid = false;
    } catch (IOException | RuntimeException e) {
      if (!failureSaid) {
        failureSaid = true;
        LOG.warn("k6bridge: could not write the results file {}: {}", file, e.toString());
      }
    }
  }

  /**
   * Writes the file as the aggregates stand now.
   *
   * @param complete true for the run's last write
   * @param health the injector's health so far ({@link ResultsFile.Meta#health()})
   * @throws IOException when the file cannot be written; the previous one stays
   */
  public void write(long nowMillis, boolean complete, Map<String, String> health)
      throws IOException {
    String text;
    synchronized (lock) {
      if (meta == null) {
        return;
      }
      ResultsFile.Meta m =
          new ResultsFile.Meta(
              meta.testId(),
              meta.injector(),
              meta.tool(),
              meta.startMillis(),
              nowMillis,
              complete,
              health);
      List<ResultsFile.SeriesResult> out = new ArrayList<>(series.size());
      for (int i = 0; i < series.size(); i++) {
        Series s = series.get(i);
        out.add(
            new ResultsFile.SeriesResult(
                s.metric().name(),
                s.metric().type(),
                s.metric().contains(),
                s.tags(),
                sinks.get(i)));
      }
      text = ResultsFile.encode(m, out, timeline.snapshot());
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
