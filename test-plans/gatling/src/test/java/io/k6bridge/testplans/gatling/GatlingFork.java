package io.k6bridge.testplans.gatling;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Gatling run of {@link GateSimulation}, forked as gatling-maven-plugin forks one ({@code
 * java -cp <test class path> io.gatling.app.Gatling -s <simulation>}), so that its exit status can
 * be asserted without failing this build; several may run at once, as a fleet's injectors.
 */
final class GatlingFork {
  /** A finished run: its exit status, console, Gatling's own log and k6's summary export. */
  record Run(int exit, String console, SimulationLog gatling, JsonNode export) {}

  private final Path dir;
  private final Path export;
  private final Path console;
  private final Process process;

  private GatlingFork(Path dir, Path export, Path console, Process process) {
    this.dir = dir;
    this.export = export;
    this.console = console;
    this.process = process;
  }

  /**
   * @param thresholds K6_THRESHOLDS, or null for gatling.conf's
   * @param options more -D options; a later one wins over an earlier of the same name
   */
  static GatlingFork start(Path dir, String thresholds, int seconds, String... options)
      throws Exception {
    Files.createDirectories(dir);
    Path export = dir.resolve("summary-export.json");
    Files.deleteIfExists(export);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                // What gatling-maven-plugin adds to its forks
                // (GatlingConstants.DEFAULT_JVM_OPTIONS_GATLING).
                "-Xmx512m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                // From the test class path: the sources are shared by one module per Gatling
                // version.
                "-Dlogback.configurationFile="
                    + Paths.get(GatlingFork.class.getResource("/logback-gates.xml").toURI()),
                "-Dgate.seconds=" + seconds,
                "-DK6_OUT=json=" + dir.resolve("k6.json"),
                "-DK6_SUMMARY_EXPORT=" + export));
    if (thresholds != null) {
      cmd.add("-DK6_THRESHOLDS=" + thresholds);
    }
    cmd.addAll(List.of(options));
    cmd.addAll(
        List.of(
            "io.gatling.app.Gatling",
            "-s",
            GateSimulation.class.getName(),
            "--results-folder",
            dir.resolve("results").toString(),
            "--no-reports"));
    Path console = dir.resolve("console.txt");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
    return new GatlingFork(dir, export, console, p);
  }

  /** Waits for the end; the log and export are null when the run never started. */
  Run await() throws Exception {
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "Gatling did not finish: " + console);
    String text = Files.readString(console, StandardCharsets.UTF_8);
    if (!Files.exists(export)) {
      return new Run(process.exitValue(), text, null, null); // the run never started
    }
    Path simulationLog;
    try (Stream<Path> runs = Files.list(dir.resolve("results"))) {
      simulationLog = runs.max(Path::compareTo).orElseThrow().resolve("simulation.log");
    }
    return new Run(
        process.exitValue(),
        text,
        SimulationLog.read(simulationLog),
        new ObjectMapper().readTree(export.toFile()));
  }
}
