package io.k6bridge.itprometheus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Gatling process running {@link RemoteWriteSimulation}, forked as gatling-maven-plugin forks
 * it ({@code java -cp <test class path> io.gatling.app.Gatling -s <simulation>}), configured only
 * through {@code -D} properties. It logs as this module's logback-test.xml says: warnings and the
 * bridge's own messages.
 */
final class GatlingRun {
  final String name;
  private final Path console;
  private final Process process;

  private GatlingRun(String name, Path console, Process process) {
    this.name = name;
    this.console = console;
    this.process = process;
  }

  static GatlingRun start(String name, Path buildDir, Map<String, String> properties)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath(),
                // What gatling-maven-plugin adds to its forks
                // (GatlingConstants.DEFAULT_JVM_OPTIONS_GATLING).
                "-Xmx256m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(
        List.of(
            "io.gatling.app.Gatling",
            "-s",
            RemoteWriteSimulation.class.getName(),
            "--results-folder",
            buildDir.resolve("gatling-" + name).toString(),
            "--no-reports"));
    Path console = buildDir.resolve("it-" + name + ".out");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
    return new GatlingRun(name, console, p);
  }

  /**
   * This test's class path without the shaded JMeter jar, which is there only so that the reactor
   * builds it first: Gatling gets the bridge from k6bridge-gatling and k6bridge-common, as users
   * do.
   */
  private static String classPath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator))
        .filter(
            e ->
                !Path.of(e).getFileName().toString().startsWith("k6bridge-jmeter")
                    && !e.contains(File.separator + "jmeter-plugin" + File.separator))
        .collect(Collectors.joining(File.pathSeparator));
  }

  void await(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + ": Gatling still running after " + seconds + " s");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          name + ": Gatling exited " + process.exitValue() + "\n" + consoleText());
    }
  }

  String consoleText() throws IOException {
    return Files.readString(console);
  }
}
