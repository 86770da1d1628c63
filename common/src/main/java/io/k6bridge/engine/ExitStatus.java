package io.k6bridge.engine;

import java.io.PrintStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run tells the console and the process, as k6 does: the end-of-test summary on standard
 * output, exit status 99 when a threshold failed, and 104 when the configuration was refused and
 * the test never started. Beyond k6, which only logs an output's failure: outputs that failed (a
 * report that could not be written, an output that died, a receiver that refused writes) are listed
 * under the summary, and without failed thresholds the status is 103 (k6's GenericEngine), so a CI
 * job never passes without its results.
 *
 * <p>Neither JMeter nor Gatling lets a listener choose the exit status, so the status is set by a
 * shutdown hook that flushes the console and halts with 99 once the tool has finished its own files
 * and called exit. Only the adapter knows whether the JVM is the tool's own (JMeter's non-GUI main,
 * Gatling's main or its Maven fork): in any other JVM (a GUI, an IDE, a unit test) a halt would
 * kill the tool's owner, so the failure is only logged.
 */
public final class ExitStatus {
  private static final Logger LOG = LoggerFactory.getLogger(ExitStatus.class);

  /** k6's exit code for failed thresholds (errext/exitcodes ThresholdsHaveFailed). */
  public static final int THRESHOLDS_FAILED = 99;

  /** k6's exit code for an engine error (errext/exitcodes GenericEngine): an output failed. */
  public static final int OUTPUT_FAILED = 103;

  /** k6's exit code for invalid configuration (errext/exitcodes InvalidConfig). */
  public static final int INVALID_CONFIG = 104;

  private final String tool;
  private final boolean ownsExitStatus;
  private final PrintStream console;
  private final Consumer<Thread> shutdownHooks;

  /**
   * @param tool the tool's name, as the log names it ("JMeter", "Gatling")
   * @param ownsExitStatus whether this JVM is the tool's own, started by its own main
   */
  public ExitStatus(String tool, boolean ownsExitStatus) {
    this(tool, ownsExitStatus, System.out, Runtime.getRuntime()::addShutdownHook);
  }

  ExitStatus(
      String tool, boolean ownsExitStatus, PrintStream console, Consumer<Thread> shutdownHooks) {
    this.tool = tool;
    this.ownsExitStatus = ownsExitStatus;
    this.console = console;
    this.shutdownHooks = shutdownHooks;
  }

  /**
   * Prints the summary and the outputs that failed, and arranges exit status 99 if thresholds
   * failed, else 103 if an output did, when the JVM is the tool's.
   */
  public void report(RunReport report) {
    if (!report.summary().isEmpty()) {
      console.print(report.summary()); // the console, where k6 prints it
    }
    if (!report.failures().isEmpty()) {
      StringBuilder b =
          new StringBuilder(
              "\nk6bridge: outputs failed, their results are" + " incomplete or missing:\n");
      for (String failure : report.failures()) {
        b.append("  ✗ ").append(failure).append('\n');
      }
      console.print(b);
    }
    console.flush();
    if (!report.thresholdsFailed()) {
      if (!report.failures().isEmpty()) {
        outputsFailed(report);
      }
      return;
    }
    if (!ownsExitStatus) {
      LOG.error(
          "k6bridge: thresholds failed on {}; this JVM is not {}'s own, so its exit status"
              + " is left as is",
          report.breachedThresholds(),
          tool);
      return;
    }
    LOG.error(
        "k6bridge: thresholds failed on {}; {} will exit with status {}",
        report.breachedThresholds(),
        tool,
        THRESHOLDS_FAILED);
    haltWith(THRESHOLDS_FAILED);
  }

  private void outputsFailed(RunReport report) {
    if (!ownsExitStatus) {
      LOG.error(
          "k6bridge: outputs failed: {}; this JVM is not {}'s own, so its exit status is"
              + " left as is",
          report.failures(),
          tool);
      return;
    }
    LOG.error(
        "k6bridge: outputs failed: {}; {} will exit with status {}",
        report.failures(),
        tool,
        OUTPUT_FAILED);
    haltWith(OUTPUT_FAILED);
  }

  /**
   * Arranges exit status 104 after a refused configuration stopped the test before it started: the
   * tool itself ends such a run with 0, which a CI job would take for a passed test.
   */
  public void invalidConfiguration() {
    if (!ownsExitStatus) {
      return;
    }
    LOG.error(
        "k6bridge: the test did not start; {} will exit with status {}", tool, INVALID_CONFIG);
    haltWith(INVALID_CONFIG);
  }

  /** The status the halt hook will exit with, or 0 when none was arranged: for tests. */
  int arranged;

  private void haltWith(int status) {
    arranged = status;
    shutdownHooks.accept(
        new Thread(
            () -> {
              System.out.flush();
              System.err.flush();
              Runtime.getRuntime().halt(status);
            },
            "k6bridge-exit-status"));
  }
}
