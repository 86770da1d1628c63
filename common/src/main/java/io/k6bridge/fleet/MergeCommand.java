package io.k6bridge.fleet;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.results.ResultsFile;
import io.k6bridge.results.ResultsFile.Results;
import io.k6bridge.summary.SummaryJson;
import io.k6bridge.summary.SummaryOptions;
import io.k6bridge.summary.TextSummary;
import io.k6bridge.threshold.ThresholdSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code java -jar k6bridge-jmeter.jar merge [options] FILE...}: one k6 result for a fleet. Reads
 * the injectors' results files ({@code K6BRIDGE_RESULTS}), prints k6's end-of-test summary of the
 * whole fleet, writes the summary files asked for and judges the thresholds. Exits 0, 99 when a
 * threshold failed, or 104 for bad input, with one message naming the file and what is wrong and no
 * file written.
 */
public final class MergeCommand {
  static final String USAGE =
      "usage: java -jar "
          + jarName()
          + " merge [--thresholds JSON|@FILE] [--summary-export FILE] [--summary-json FILE]"
          + " [--summary-mode compact|full] [--summary-trend-stats STATS]"
          + " [--summary-time-unit UNIT] [--report FILE.html] [--results FILE] [--allow-mixed]"
          + " FILE...";

  private static final Map<String, String> OPTIONS =
      Map.of(
          "--thresholds", ThresholdSet.THRESHOLDS.name(),
          "--summary-export", SummaryOptions.EXPORT.name(),
          "--summary-json", SummaryOptions.JSON.name(),
          "--summary-mode", SummaryOptions.MODE.name(),
          "--summary-trend-stats", SummaryOptions.TREND_STATS.name(),
          "--summary-time-unit", SummaryOptions.TIME_UNIT.name());

  private MergeCommand() {}

  /** The jar this command runs from, as the user typed it: k6bridge-jmeter or -gatling. */
  private static String jarName() {
    try {
      Path jar =
          Path.of(MergeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getFileName().toString().endsWith(".jar")
          ? jar.getFileName().toString()
          : "k6bridge-jmeter.jar";
    } catch (Exception e) {
      return "k6bridge-jmeter.jar";
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** The command, its exit status returned. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("merge")) {
      err.println(USAGE);
      return 104;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    boolean allowMixed = false;
    Path results = null;
    Path report = null;
    try {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--allow-mixed")) {
          allowMixed = true;
        } else if (a.equals("--results") && i + 1 < args.length) {
          results = Path.of(args[++i]);
        } else if (a.equals("--report") && i + 1 < args.length) {
          report = Path.of(args[++i]);
        } else if (OPTIONS.containsKey(a)) {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          settings.put(OPTIONS.get(a), value(a, args[++i]));
        } else if (a.startsWith("--")) {
          throw new IllegalArgumentException(
              "unknown option "
                  + a
                  + "; accepted: "
                  + String.join(", ", new TreeSet<>(OPTIONS.keySet()))
                  + ", --report, --results, --allow-mixed");
        } else {
          files.add(Path.of(a));
        }
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no results files given");
      }
      List<Results> parts = read(files, allowMixed);
      Config config =
          Config.builder()
              .prefixedLayer("environment", env)
              .layer("command line", settings)
              .build();
      SummaryOptions options = SummaryOptions.from(config);
      FleetMerge.Fleet fleet =
          FleetMerge.merge(parts, config.get(ThresholdSet.THRESHOLDS), options.full());
      ThresholdSet.Evaluation outcome =
          fleet.thresholds().evaluate(fleet.aggregates()::sink, fleet.testRun(), false);
      Map<Path, byte[]> written = new LinkedHashMap<>();
      if (!options.exportFile().isEmpty()) {
        written.put(
            Path.of(options.exportFile()),
            utf8(
                SummaryJson.summaryExport(
                    fleet.aggregates(), fleet.thresholds(), options, fleet.testRun())));
      }
      if (!options.jsonFile().isEmpty()) {
        written.put(
            Path.of(options.jsonFile()),
            utf8(
                SummaryJson.handleSummaryData(
                    fleet.aggregates(), fleet.thresholds(), options, fleet.testRun())));
      }
      if (results != null) {
        written.put(
            results, utf8(ResultsFile.encode(fleet.meta(), fleet.series(), fleet.timeline())));
      }
      if (report != null) {
        written.put(report, FleetReports.html(fleet, config.get(ThresholdSet.THRESHOLDS), report));
      }
      String summary =
          options.disabled()
              ? ""
              : TextSummary.render(
                  fleet.aggregates(),
                  fleet.thresholds(),
                  options,
                  fleet.testRun(),
                  note(fleet.injectors()),
                  "INJECTORS",
                  health(fleet.injectors()));
      for (Map.Entry<Path, byte[]> f : written.entrySet()) {
        write(f.getKey(), f.getValue());
      }
      out.print(summary);
      if (!outcome.breached().isEmpty()) {
        err.println(
            "k6bridge merge: thresholds on metrics '"
                + String.join(", ", outcome.breached())
                + "' have been crossed");
        return 99;
      }
      return 0;
    } catch (IllegalArgumentException | ConfigException | IOException e) {
      err.println("k6bridge merge: " + e.getMessage());
      err.println(USAGE);
      return 104;
    }
  }

  /** {@code @FILE} reads the value from FILE, as k6 takes a file for its JSON options. */
  private static String value(String option, String v) throws IOException {
    if (!v.startsWith("@")) {
      return v;
    }
    try {
      return Files.readString(Path.of(v.substring(1)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(option + " " + v + ": cannot read the file: " + e, e);
    }
  }

  /** Every file, checked: readable, a results file of this version, all of one test. */
  static List<Results> read(List<Path> files, boolean allowMixed) throws IOException {
    List<Results> out = new ArrayList<>();
    for (Path f : files) {
      Results r;
      try {
        r = ResultsFile.decode(Files.readString(f, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IOException(f + ": cannot read it: " + e, e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
      }
      if (!allowMixed && !out.isEmpty() && !r.meta().testId().equals(out.get(0).meta().testId())) {
        throw new IllegalArgumentException(
            f
                + ": test '"
                + r.meta().testId()
                + "', while "
                + files.get(0)
                + " is test '"
                + out.get(0).meta().testId()
                + "' (--allow-mixed merges them anyway)");
      }
      out.add(r);
    }
    return out;
  }

  /** Which injectors the summary covers, and which of them did not finish writing. */
  private static String note(List<ResultsFile.Meta> injectors) {
    String names =
        injectors.stream()
            .map(ResultsFile.Meta::injector)
            .sorted()
            .collect(Collectors.joining(", "));
    String note = "k6bridge: " + injectors.size() + " injectors merged (" + names + ")";
    List<String> incomplete =
        injectors.stream()
            .filter(m -> !m.complete())
            .map(ResultsFile.Meta::injector)
            .collect(Collectors.toList());
    if (!incomplete.isEmpty()) {
      note +=
          "\n  k6bridge: the run of "
              + String.join(", ", incomplete)
              + " had not ended when its file was last written: its injector stopped early or is"
              + " still running";
    }
    return note;
  }

  /**
   * Each injector's health, one line each in the order of their ids, as its own summary showed it;
   * an injector without telemetry has none.
   */
  private static Map<String, String> health(List<ResultsFile.Meta> injectors) {
    Map<String, String> out = new TreeMap<>();
    for (ResultsFile.Meta m : injectors) {
      if (!m.health().isEmpty()) {
        StringBuilder line = new StringBuilder();
        m.health()
            .forEach(
                (k, v) ->
                    line.append(line.length() == 0 ? "" : " · ").append(k).append(' ').append(v));
        out.put(m.injector(), line.toString());
      }
    }
    return out;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Whole or not at all: a temporary file replaces the target. */
  private static void write(Path file, byte[] content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
