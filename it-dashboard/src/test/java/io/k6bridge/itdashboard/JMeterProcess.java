package io.k6bridge.itdashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A headless JMeter 5.6.3 run forked from the home jmeter-maven-plugin built for this module. */
final class JMeterProcess {
  final Path log;
  final Path console;
  private final Process process;

  private JMeterProcess(Path log, Path console, Process process) {
    this.log = log;
    this.console = console;
    this.process = process;
  }

  static JMeterProcess start(Path buildDir, Path plan, Map<String, String> properties)
      throws IOException {
    Path dir = Files.createDirectories(buildDir.resolve("run"));
    Path log = dir.resolve("jmeter.log");
    Path console = dir.resolve("jmeter.out");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jmeterJar(buildDir).toString(),
                "-n",
                "-t",
                plan.toString(),
                "-l",
                dir.resolve("results.jtl").toString(),
                "-j",
                log.toString()));
    properties.forEach((k, v) -> cmd.add("-J" + k + "=" + v));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
    return new JMeterProcess(log, console, p);
  }

  /**
   * The launcher of the home that jmeter-maven-plugin's configure recorded in target/config.json.
   */
  private static Path jmeterJar(Path buildDir) throws IOException {
    JsonNode c =
        new ObjectMapper()
            .readTree(buildDir.resolve("config.json").toFile())
            .path("configurations")
            .get(0);
    return Path.of(
        c.path("jmeterDirectoryPath").asText(), "bin", c.path("runtimeJarName").asText());
  }

  boolean alive() {
    return process.isAlive();
  }

  int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("JMeter still running after " + seconds + " s");
    }
    return process.exitValue();
  }

  void kill() {
    process.destroyForcibly();
  }
}
