package io.k6bridge.gatling;

import io.k6bridge.engine.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished run tells the console and the build: k6's end-of-test summary, and k6's exit
 * status 99 when a threshold failed.
 *
 * <p>gatling-maven-plugin forks a JVM whose main ({@code io.gatling.plugin.util.ForkMain}, from a
 * booter jar) calls {@code io.gatling.app.Gatling.main}, which ends with {@code System.exit(status)};
 * the plugin fails the build on any non-zero status ("Gatling failed."; 2 is Gatling's own failed
 * assertions). Other launchers run {@code io.gatling.app.Gatling} as the main class. A shutdown
 * hook halts with 99 once Gatling has written its results and called exit, but only when the
 * thread that builds the run was started by one of those two mains: in a JVM Gatling shares (the
 * Maven plugin's {@code sameProcess}, an IDE launcher) the status is not the bridge's to set, and
 * the failure is logged instead.
 */
final class RunVerdict {
  private static final Logger LOG = LoggerFactory.getLogger(RunVerdict.class);

  /** k6's exit code for failed thresholds (errext/exitcodes ThresholdsHaveFailed). */
  static final int THRESHOLDS_FAILED_EXIT_STATUS = 99;

  static final String GATLING_MAIN = "io.gatling.app.Gatling";
  static final String MAVEN_FORK_MAIN = "io.gatling.plugin.util.ForkMain";

  private final boolean ownsExitStatus;

  /** @param buildingStack the stack of the thread that builds the run (Gatling's main thread) */
  RunVerdict(StackTraceElement[] buildingStack) {
    this.ownsExitStatus = ownsExitStatus(buildingStack);
  }

  void report(RunReport report) {
    if (!report.summary().isEmpty()) {
      System.out.print(report.summary()); // the console, where k6 prints it
      System.out.flush();
    }
    if (!report.thresholdsFailed()) {
      return;
    }
    if (!ownsExitStatus) {
      LOG.error("k6bridge: thresholds failed on {}; this JVM's exit status is not Gatling's to set,"
          + " so it is left as is", report.breachedThresholds());
      return;
    }
    LOG.error("k6bridge: thresholds failed on {}; Gatling will exit with status {}",
        report.breachedThresholds(), THRESHOLDS_FAILED_EXIT_STATUS);
    Thread hook = new Thread(() -> {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(THRESHOLDS_FAILED_EXIT_STATUS);
    }, "k6bridge-exit-status");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether the outermost frame is the main of Gatling or of the Maven plugin's fork. */
  static boolean ownsExitStatus(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return false;
    }
    StackTraceElement outermost = stack[stack.length - 1];
    return "main".equals(outermost.getMethodName())
        && (GATLING_MAIN.equals(outermost.getClassName()) || MAVEN_FORK_MAIN.equals(outermost.getClassName()));
  }
}
