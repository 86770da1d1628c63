package io.k6bridge.itplugins;

import io.k6bridge.testplans.JMeterHome;
import io.k6bridge.testplans.LoopbackTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One headless JMeter 5.6.3 process running this module's plan against a loopback target of its
 * own, so that what the outputs say compares with what the target answered.
 *
 * @param answered the requests the target answered
 * @param console JMeter's console output
 * @param tookMillis how long the process ran
 */
record JMeterRun(long answered, String console, long tookMillis) {
  static final Path BUILD = Path.of(System.getProperty("k6.target", "target"));
  static final Path OUT = BUILD.resolve("it-plugins");

  /** The JMeter home jmeter-maven-plugin's configure run built for this module. */
  static Path home() throws Exception {
    return JMeterHome.of(BUILD).directory();
  }

  /**
   * Runs the plan for {@code seconds} with {@code settings} as JMeter properties, expecting {@code
   * exitStatus}; its log goes to {@code OUT/name.log}, its console to {@code OUT/name.out}.
   */
  static JMeterRun run(String name, int exitStatus, int seconds, Map<String, String> settings)
      throws Exception {
    Files.createDirectories(OUT);
    Files.deleteIfExists(OUT.resolve(name + "-events.jsonl"));
    try (LoopbackTarget target = LoopbackTarget.start(0, null)) {
      List<String> cmd =
          JMeterHome.of(BUILD)
              .nonGui(Path.of(System.getProperty("k6.plan")), OUT.resolve(name + ".log"));
      cmd.addAll(
          List.of(
              "-Jtarget.port=" + target.port(),
              "-Jduration=" + seconds,
              "-JK6_TAGS=testid=it-plugins-" + name,
              "-JK6_SUMMARY_MODE=disabled"));
      settings.forEach((k, v) -> cmd.add("-J" + k + "=" + v));
      Path console = OUT.resolve(name + ".out");
      long start = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(console.toFile())
              .start();
      if (!p.waitFor(seconds + 120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(name + ": JMeter still running");
      }
      long took = (System.nanoTime() - start) / 1_000_000;
      String text = Files.readString(console);
      if (p.exitValue() != exitStatus) {
        throw new AssertionError(
            name
                + ": JMeter's exit status "
                + p.exitValue()
                + ", expected "
                + exitStatus
                + "\n"
                + text.substring(Math.max(0, text.length() - 3000)));
      }
      long answered = target.counts().values().stream().mapToLong(Long::longValue).sum();
      return new JMeterRun(answered, text, took);
    }
  }
}
