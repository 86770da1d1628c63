package io.k6bridge.gatling;

/**
 * Whether this JVM is Gatling's own, so that failed thresholds may set its exit status to k6's 99
 * ({@link io.k6bridge.engine.ExitStatus}).
 *
 * <p>gatling-maven-plugin forks a JVM whose main ({@code io.gatling.plugin.util.ForkMain}, from a
 * booter jar) calls {@code io.gatling.app.Gatling.main}, which ends with {@code
 * System.exit(status)}; the plugin fails the build on any non-zero status ("Gatling failed."; 2 is
 * Gatling's own failed assertions). Other launchers run {@code io.gatling.app.Gatling} as the main
 * class. In a JVM Gatling shares (the Maven plugin's {@code sameProcess}, an IDE launcher) the
 * status is not the bridge's to set.
 */
final class GatlingMain {
  static final String GATLING_MAIN = "io.gatling.app.Gatling";
  static final String MAVEN_FORK_MAIN = "io.gatling.plugin.util.ForkMain";

  private GatlingMain() {}

  /**
   * Whether the outermost frame of the thread that builds the run (Gatling's main thread) is the
   * main of Gatling or of the Maven plugin's fork.
   */
  static boolean ownsExitStatus(StackTraceElement[] buildingStack) {
    if (buildingStack.length == 0) {
      return false;
    }
    StackTraceElement outermost = buildingStack[buildingStack.length - 1];
    return "main".equals(outermost.getMethodName())
        && (GATLING_MAIN.equals(outermost.getClassName())
            || MAVEN_FORK_MAIN.equals(outermost.getClassName()));
  }
}
