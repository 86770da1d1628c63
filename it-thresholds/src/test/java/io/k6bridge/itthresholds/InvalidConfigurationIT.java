package io.k6bridge.itthresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real JMeter 5.6.3 runs of gate.jmx with one invalid k6bridge setting each: the run ends before
 * its first request with k6's exit status for invalid configuration (104; JMeter alone exits 0),
 * JMeter's log and console carry the one message that names the key, the bad value and what is
 * accepted, no output file is created, and a secret passed in the environment is written nowhere.
 * (JMeter itself logs every -J property with its value, so secrets belong in the environment.)
 */
class InvalidConfigurationIT {
  private static final Path BUILD = Path.of(System.getProperty("k6.build.dir"));
  private static final Path PLAN = Path.of(System.getProperty("k6.plan"));
  private static final Path RESULTS = Path.of(System.getProperty("k6.results.dir"));
  private static final String PORT = System.getProperty("k6.target.port");
  private static final String SECRET = "hunter2-do-not-log";

  private static JMeterProcess badUrl;
  private static JMeterProcess badTrendStat;
  private static JMeterProcess missingCertificate;
  private static JMeterProcess badSystemTag;

  @BeforeAll
  static void startForkedRuns() throws Exception {
    // All at once: each is mostly JMeter's start-up. Every run would write a JSON file if it
    // started.
    badUrl =
        JMeterProcess.start(
            "invalid-url",
            BUILD,
            PLAN,
            properties(
                "invalid-url",
                Map.of("K6_OUT", "experimental-prometheus-rw," + jsonOut("invalid-url"))),
            Map.of(
                "K6_PROMETHEUS_RW_SERVER_URL",
                "ftp://bob:" + SECRET + "@127.0.0.1:9/write",
                "K6_PROMETHEUS_RW_PASSWORD",
                SECRET));
    badTrendStat =
        start(
            "invalid-trend-stat",
            Map.of(
                "K6_OUT",
                "experimental-prometheus-rw," + jsonOut("invalid-trend-stat"),
                "K6_PROMETHEUS_RW_TREND_STATS",
                "p(95),p(abc)"));
    missingCertificate =
        start(
            "invalid-certificate",
            Map.of(
                "K6_OUT", "experimental-prometheus-rw," + jsonOut("invalid-certificate"),
                "K6_PROMETHEUS_RW_SERVER_URL", "https://127.0.0.1:9/api/v1/write",
                "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE", "/nonexistent/cert.pem",
                "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY", "/nonexistent/key.pem"));
    badSystemTag =
        start(
            "invalid-system-tag",
            Map.of("K6_OUT", jsonOut("invalid-system-tag"), "K6_SYSTEM_TAGS", "status,colour"));
  }

  @Test
  void badRemoteWriteUrlStopsTheRunWithoutShowingItsCredentials() throws Exception {
    assertRefusedBeforeLoad(
        badUrl,
        "invalid K6_PROMETHEUS_RW_SERVER_URL='ftp://<redacted>@127.0.0.1:9/write'"
            + " from environment: accepted is an http:// or https:// URL");
    String everything = badUrl.logText() + badUrl.consoleText();
    assertFalse(everything.contains(SECRET), "the password appears in JMeter's log or console");
  }

  @Test
  void badTrendStatStopsTheRun() throws Exception {
    assertRefusedBeforeLoad(
        badTrendStat,
        "invalid K6_PROMETHEUS_RW_TREND_STATS='p(95),p(abc)' from JMeter"
            + " properties ('p(abc)' is not a percentile): accepted is ");
  }

  @Test
  void missingClientCertificateStopsTheRun() throws Exception {
    assertRefusedBeforeLoad(
        missingCertificate,
        "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE: cannot read /nonexistent/cert.pem");
  }

  @Test
  void unknownSystemTagStopsTheRun() throws Exception {
    assertRefusedBeforeLoad(
        badSystemTag,
        "invalid K6_SYSTEM_TAGS='status,colour' from JMeter properties"
            + " (unknown system tag 'colour'): accepted is a comma-separated list of ");
  }

  private static JMeterProcess start(String run, Map<String, String> settings) throws Exception {
    return JMeterProcess.start(run, BUILD, PLAN, properties(run, settings));
  }

  private static Map<String, String> properties(String run, Map<String, String> settings) {
    Map<String, String> properties =
        new LinkedHashMap<>(
            Map.of(
                "target.port",
                PORT,
                "results.dir",
                RESULTS.toString(),
                "run",
                run,
                "threads",
                "2",
                "loops",
                "3"));
    properties.putAll(settings);
    return properties;
  }

  private static String jsonOut(String run) {
    return "json=" + RESULTS.resolve(run + ".json");
  }

  private static void assertRefusedBeforeLoad(JMeterProcess run, String message) throws Exception {
    int status = run.await(120);
    String log = run.logText();
    String console = run.consoleText();
    System.out.printf("%s: exit %d after %d ms%n", run.name, status, run.tookMillis());
    assertEquals(104, status, run.name + ": k6's exit status for invalid configuration");
    assertTrue(log.contains(message), run.name + ": the log lacks '" + message + "':\n" + log);
    assertTrue(console.contains(message), run.name + ": the console lacks it:\n" + console);
    String jtl = Files.exists(run.jtl) ? Files.readString(run.jtl, StandardCharsets.UTF_8) : "";
    assertFalse(jtl.contains("<httpSample"), run.name + ": requests were made:\n" + jtl);
    assertFalse(
        Files.exists(RESULTS.resolve(run.name + ".json")), run.name + ": an output was created");
  }
}
