package io.k6bridge.itthresholds;

import io.k6bridge.testplans.JMeterHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A headless JMeter run in its own process, from the JMeter home jmeter-maven-plugin built for this
 * module: its exit status is what CI sees, and a failing one must not fail this build.
 */
final class JMeterProcess {
  final String name;
  final Path jtl;
  final Path log;
  final Path console;
  private final Process process;
  private final long startNanos = System.nanoTime();
  private int exitStatus = -1;
  private long tookMillis;

  private JMeterProcess(String name, Path jtl, Path log, Path console, Process process) {
    this.name = name;
    this.jtl = jtl;
    this.log = log;
    this.console = console;
    this.process = process;
  }

  /** Starts {@code plan} as {@code jmeter -n -t plan -l name.jtl -j name.log -Jk=v...}. */
  static JMeterProcess start(String name, Path buildDir, Path plan, Map<String, String> properties)
      throws IOException {
    return start(name, buildDir, plan, properties, Map.of());
  }

  /** As above, with {@code environment} added to this process's environment. */
  static JMeterProcess start(
      String name,
      Path buildDir,
      Path plan,
      Map<String, String> properties,
      Map<String, String> environment)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("-n", "-t", plan.toString()));
    properties.forEach((k, v) -> args.add("-J" + k + "=" + v));
    return launch(name, buildDir, args, environment);
  }

  /**
   * {@code java -jar ApacheJMeter.jar ARGS -l name.jtl -j name.log}, its console in name.out: a
   * run, or with {@code -s} a jmeter-server engine (whose JTL stays empty).
   */
  static JMeterProcess launch(
      String name, Path buildDir, List<String> jmeterArgs, Map<String, String> environment)
      throws IOException {
    Path dir = Files.createDirectories(buildDir.resolve("forked"));
    Path jtl = dir.resolve(name + ".jtl");
    Path log = dir.resolve(name + ".log");
    Path console = dir.resolve(name + ".out");
    Files.deleteIfExists(jtl);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dfile.encoding=UTF-8",
                "-Dsun.stdout.encoding=UTF-8",
                "-jar",
                JMeterHome.of(buildDir).launcher().toString()));
    cmd.addAll(jmeterArgs);
    cmd.addAll(List.of("-l", jtl.toString(), "-j", log.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile());
    builder.environment().putAll(environment);
    Process p = builder.start();
    return new JMeterProcess(name, jtl, log, console, p);
  }

  /** k6bridge's jar as users install it, in the home's lib/ext. */
  static Path k6bridgeJar(Path buildDir) throws IOException {
    return JMeterHome.of(buildDir).k6bridgeJar();
  }

  /** Ends the process (a jmeter-server engine) if it still runs. */
  void destroy() {
    process.destroy();
  }

  /** Kills the process at once (SIGKILL), as a crash or an evicted pod would end it. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the exit and returns its status. */
  synchronized int await(long seconds) throws InterruptedException {
    if (exitStatus < 0) {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + ": JMeter still running after " + seconds + " s");
      }
      tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      exitStatus = process.exitValue();
    }
    return exitStatus;
  }

  long tookMillis() {
    return tookMillis;
  }

  String consoleText() throws IOException {
    return Files.readString(console, StandardCharsets.UTF_8);
  }

  String logText() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
