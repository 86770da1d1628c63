package io.k6bridge.jmeter;

/**
 * k6bridge needs Java 17; JMeter 5.6 still runs on 8 and 11. This class and the two entry points
 * JMeter loads by name ({@link K6BackendListenerClient}, {@link K6BackendListenerGui}) are compiled
 * for Java 8, so that on an older Java they load, say so in one line and stand aside while the test
 * runs on without k6bridge; everything else is compiled for 17.
 */
final class JavaFloor {
  static final int REQUIRED = 17;

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
  static int running() {
    return release(System.getProperty("java.specification.version", "0"));
  }

  /** Null when {@code release} can run k6bridge, else the one line that says why not. */
  static String refusal(int release) {
    return release >= REQUIRED
        ? null
        : "k6bridge needs Java "
            + REQUIRED
            + " or newer, this JMeter runs on Java "
            + release
            + ": the test runs without k6bridge";
  }
}
