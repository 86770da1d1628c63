package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.jmeter.JMeter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed thresholds set exit status 99 only in a JVM that non-GUI JMeter's own main started: a test
 * whose thresholds fail must never halt the JVM running it.
 */
class ExitStatusTest {
  @BeforeAll
  static void jmeter() {
    JMeterFixture.init();
  }

  @Test
  void onlyJMetersOwnNonGuiMainOwnsTheExitStatus() {
    String before = System.getProperty(JMeter.JMETER_NON_GUI);
    try {
      System.clearProperty(JMeter.JMETER_NON_GUI);
      assertFalse(K6Listener.ownsExitStatus(), "a JVM embedding JMeter's classes");
      System.setProperty(JMeter.JMETER_NON_GUI, "true");
      assertTrue(K6Listener.ownsExitStatus(), "jmeter -n");
    } finally {
      if (before == null) {
        System.clearProperty(JMeter.JMETER_NON_GUI);
      } else {
        System.setProperty(JMeter.JMETER_NON_GUI, before);
      }
    }
  }

  @Test
  void failedThresholdsInAUnitTestLeaveTheJvmRunning() throws Exception {
    assertFalse(Boolean.getBoolean(JMeter.JMETER_NON_GUI), "surefire is not jmeter -n");
    JMeterFixture.thread(JMeterFixture.threadGroup("users", 1));
    JMeterFixture.run(
        Map.of("K6_THRESHOLDS", "{\"http_reqs\":[\"count>100\"]}", "K6_SUMMARY_MODE", "disabled"),
        () ->
            JMeterFixture.sample(
                JMeterFixture.http(
                    "home", "GET", "http://127.0.0.1:8080/", "200", 1_700_000_000_000L, 10, 0, 5)));
    // Had a halt hook been registered, this JVM would end with status 99 when surefire exits,
    // failing the build: the run above must have registered none.
    Thread probe = new Thread(() -> {});
    Runtime.getRuntime().addShutdownHook(probe);
    assertTrue(Runtime.getRuntime().removeShutdownHook(probe));
  }
}
