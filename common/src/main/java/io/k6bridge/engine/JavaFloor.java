package io.k6bridge.engine;

import org.slf4j.Logger;

/**
 * k6bridge needs Java 17, while JMeter 5.6 still runs on 8 and Gatling on 11. This class (Java 8
 * bytecode) and the classes the tools load by name (Java 8 for JMeter, 11 for Gatling) let an older
 * Java load them, say so in one line and stand aside while the test runs on without k6bridge;
 * everything else is compiled for 17.
 */
public final class JavaFloor {
  public static final int REQUIRED = 17;

  private JavaFloor() {}

  /** The feature release of {@code specificationVersion}: "1.8" is 8, "11" is 11. */
  static int release(String specificationVersion) {
    String v =
        specificationVersion.startsWith("1.")
            ? specificationVersion.substring(2)
            : specificationVersion;
    int dot = v.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** This JVM's feature release. */
  public static int running() {
    return release(System.getProperty("java.specification.version", "0"));
  }

  /**
   * Whether {@code release} can run k6bridge; when not, says why once in {@code log} and on the
   * console.
   *
   * @param tool "JMeter" or "Gatling"
   */
  public static boolean admits(String tool, int release, Logger log) {
    String refusal = refusal(tool, release);
    if (refusal != null) {
      log.error(refusal);
      System.err.println("ERROR " + refusal);
    }
    return refusal == null;
  }

  /**
   * Null when {@code release} can run k6bridge, else the one line that says why not.
   *
   * @param tool "JMeter" or "Gatling"
   */
  public static String refusal(String tool, int release) {
    return release >= REQUIRED
        ? null
        : "k6bridge needs Java "
            + REQUIRED
            + " or newer, this "
            + tool
            + " runs on Java "
            + release
            + ": the test runs without k6bridge";
  }
}
