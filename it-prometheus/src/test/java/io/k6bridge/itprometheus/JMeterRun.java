package io.k6bridge.itprometheus;

import io.k6bridge.testplans.JMeterHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One headless JMeter process running the plan, configured only through -J properties. */
final class JMeterRun {
  final String name;
  final Path log;

  /** Standard output and error: where the summary and warnings go. */
  final Path console;

  private final Process process;
  private final long startNanos = System.nanoTime();
  private long tookMillis;

  private JMeterRun(String name, Path log, Path console, Process process) {
    this.name = name;
    this.log = log;
    this.console = console;
    this.process = process;
  }

  static JMeterRun start(String name, Path buildDir, Path plan, Map<String, String> properties)
      throws IOException {
    return start(name, buildDir, plan, properties, Map.of(), List.of());
  }

  /**
   * @param environment added to the process' environment (secrets go here, as the README says)
   * @param arguments more JMeter arguments, such as {@code -l results.jtl}
   */
  static JMeterRun start(
      String name,
      Path buildDir,
      Path plan,
      Map<String, String> properties,
      Map<String, String> environment,
      List<String> arguments)
      throws IOException {
    Path log = buildDir.resolve("it-" + name + ".log");
    Path console = buildDir.resolve("it-" + name + ".out");
    Files.deleteIfExists(log);
    List<String> cmd = JMeterHome.of(buildDir).nonGui(plan, log);
    cmd.addAll(arguments);
    properties.forEach((k, v) -> cmd.add("-J" + k + "=" + v));
    ProcessBuilder b =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile());
    b.environment().putAll(environment);
    return new JMeterRun(name, log, console, b.start());
  }

  /** Waits for JMeter to exit and returns its exit status. */
  int exitStatus(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + ": JMeter still running after " + seconds + " s");
    }
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String consoleText() throws IOException {
    return Files.readString(console);
  }

  void await(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + ": JMeter still running after " + seconds + " s");
    }
    tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    if (process.exitValue() != 0) {
      throw new AssertionError(name + ": JMeter exited " + process.exitValue());
    }
  }

  long tookMillis() {
    return tookMillis;
  }

  String logText() throws IOException {
    return Files.readString(log);
  }
}
