package io.k6bridge.itdashboard;

import io.k6bridge.testplans.JMeterHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    return start(buildDir, "run", plan, properties);
  }

  /** A run whose log, console and JTL are kept in {@code buildDir/name}. */
  static JMeterProcess start(Path buildDir, String name, Path plan, Map<String, String> properties)
      throws IOException {
    Path dir = Files.createDirectories(buildDir.resolve(name));
    Path log = dir.resolve("jmeter.log");
    Path console = dir.resolve("jmeter.out");
    List<String> cmd = JMeterHome.of(buildDir).nonGui(plan, log);
    cmd.addAll(List.of("-l", dir.resolve("results.jtl").toString()));
    properties.forEach((k, v) -> cmd.add("-J" + k + "=" + v));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
    return new JMeterProcess(log, console, p);
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
