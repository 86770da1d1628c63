package io.k6bridge.itthresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real JMeter 5.6.3 runs of gate.jmx with the shaded plugin alone in lib/ext: a passing gate (run
 * by jmeter-maven-plugin, which fails the build on any non-zero exit), a failing gate and an
 * abortOnFail gate (forked here, because they must exit 99). Each run's console summary and both
 * summary files are reconciled with its JTL.
 */
class ThresholdGateIT {
  private static final Path BUILD = Path.of(System.getProperty("k6.build.dir"));
  private static final Path PLAN = Path.of(System.getProperty("k6.plan"));
  private static final Path RESULTS = Path.of(System.getProperty("k6.results.dir"));
  private static final String PORT = System.getProperty("k6.target.port");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Requests one iteration of gate.jmx makes: ok, the redirect's two hops, error. */
  private static final int REQUESTS_PER_ITERATION = 4;

  private static final int ABORT_THREADS = 2;
  private static final int ABORT_LOOPS = 1000;

  private static JMeterProcess failing;
  private static JMeterProcess aborting;

  @BeforeAll
  static void startForkedRuns() throws Exception {
    // Both at once: most of a small run is JMeter's start-up.
    failing =
        JMeterProcess.start(
            "fail",
            BUILD,
            PLAN,
            Map.of(
                "target.port",
                PORT,
                "results.dir",
                RESULTS.toString(),
                "run",
                "fail",
                "threads",
                "2",
                "loops",
                "3",
                "K6_THRESHOLDS",
                "{\"http_req_failed\":[\"rate<0.01\"],"
                    + "\"http_req_duration{status:200}\":[\"max<5000\"]}"));
    // Planned: 2 threads x 1000 iterations of >= 50 ms, 8000 requests, over 50 s.
    aborting =
        JMeterProcess.start(
            "abort",
            BUILD,
            PLAN,
            Map.of(
                "target.port",
                PORT,
                "results.dir",
                RESULTS.toString(),
                "run",
                "abort",
                "threads",
                String.valueOf(ABORT_THREADS),
                "loops",
                String.valueOf(ABORT_LOOPS),
                "delay.ms",
                "50",
                "K6_THRESHOLDS",
                "{\"http_req_failed\":[{\"threshold\":\"rate<0.01\","
                    + "\"abortOnFail\":true,\"delayAbortEval\":\"3s\"}]}"));
  }

  @Test
  void passingGateExitsZeroAndReconciles() throws Exception {
    // jmeter-maven-plugin ran it and fails the build on a non-zero exit: reaching here means 0.
    Jtl jtl = Jtl.read(Path.of(System.getProperty("k6.pass.jtl")));
    String log =
        Files.readString(Path.of(System.getProperty("k6.pass.log")), StandardCharsets.UTF_8);
    assertEquals(5, jtl.labelled("ok"), "iterations run by the plan");
    String summary = summaryIn(log);
    assertTrue(summary.contains("✓ 'count>=20' count=20"), summary);
    assertTrue(summary.contains("✓ 'rate>0.4' rate=50.00%"), summary);
    assertTrue(summary.contains("✓ 'count==5' count=5"), summary);
    assertTrue(summary.contains("{status:200}"), summary);
    assertFalse(summary.contains("✗ '"), summary);
    assertFalse(log.contains("JMeter will exit with status"), "no exit status set on a pass");
    reconcile("pass", jtl, summary, 5, true);
  }

  @Test
  void failingGateExits99WithTheFailureInTheSummary() throws Exception {
    assertEquals(99, failing.await(120), "k6's exit status for failed thresholds");
    Jtl jtl = Jtl.read(failing.jtl);
    String console = failing.consoleText();
    String summary = summaryIn(console);
    long failed = jtl.failedRequests;
    String rate = String.format("%.2f%%", Math.floor(10000.0 * failed / jtl.requests) / 100);
    assertTrue(summary.contains("✗ 'rate<0.01' rate=" + rate), summary);
    assertTrue(Pattern.compile("✓ 'max<5000' max=\\S+").matcher(summary).find(), summary);
    assertTrue(
        failing
            .logText()
            .contains("thresholds failed on [http_req_failed]; JMeter will exit with status 99"),
        "log says why");
    reconcile("fail", jtl, summary, 6, false);
    JsonNode export = JSON.readTree(RESULTS.resolve("fail-export.json").toFile());
    assertTrue(
        export.at("/metrics/http_req_failed/thresholds/rate<0.01").asBoolean(),
        "--summary-export: true means failed");
    assertFalse(
        export.at("/metrics/http_req_duration{status:200}/thresholds/max<5000").asBoolean());
    JsonNode data = JSON.readTree(RESULTS.resolve("fail-summary.json").toFile());
    assertFalse(data.at("/metrics/http_req_failed/thresholds/rate<0.01/ok").asBoolean(true));
    assertTrue(
        data.at("/metrics/http_req_duration{status:200}/thresholds/max<5000/ok").asBoolean());
  }

  @Test
  void abortOnFailStopsTheRunEarlyAfterItsDelay() throws Exception {
    int status = aborting.await(120);
    Jtl jtl = Jtl.read(aborting.jtl);
    String log = aborting.logText();
    long planned = (long) ABORT_THREADS * ABORT_LOOPS * REQUESTS_PER_ITERATION;
    System.out.printf(
        "abortOnFail run: exit %d, %d of %d planned requests, JTL span %d ms," + " process %d ms%n",
        status,
        jtl.requests,
        planned,
        jtl.lastEndMillis - jtl.firstStartMillis,
        aborting.tookMillis());
    assertEquals(99, status, "the aborted run's thresholds failed");
    assertTrue(
        log.contains(
            "k6bridge: stopping the test: thresholds on metrics 'http_req_failed'"
                + " were crossed; at least one has abortOnFail enabled, stopping test prematurely"),
        log);
    assertTrue(jtl.requests < planned / 4, jtl.requests + " requests of " + planned + " planned");
    // Evaluated every 2 s: it fails at 2 s, but delayAbortEval=3s holds the abort to the 4 s one.
    long span = jtl.lastEndMillis - jtl.firstStartMillis;
    assertTrue(span >= 3000, "stopped after " + span + " ms, before delayAbortEval");
    assertTrue(span < 15_000, "stopped after " + span + " ms");
    String summary = summaryIn(aborting.consoleText());
    assertTrue(summary.contains("✗ 'rate<0.01' rate="), summary);
    assertEquals(jtl.requests, counter(summary, "http_reqs"), "http_reqs of the aborted run");
  }

  /**
   * The console summary and both JSON files against the JTL: requests, failed requests, checks and
   * iterations; the run duration spans the load; rates use it.
   */
  private static void reconcile(
      String run, Jtl jtl, String summary, long iterations, boolean passed) throws Exception {
    assertEquals(jtl.requests, counter(summary, "http_reqs"), "summary http_reqs");
    assertEquals(jtl.requests, (long) REQUESTS_PER_ITERATION * iterations, "JTL requests");
    assertEquals(iterations, counter(summary, "iterations"), "summary iterations");
    Matcher failed = rateLine(summary, "http_req_failed");
    assertEquals(jtl.failedRequests, Long.parseLong(failed.group(2)), "http_req_failed passes");
    assertEquals(jtl.requests, Long.parseLong(failed.group(3)), "http_req_failed total");
    Matcher checks = rateLine(summary, "checks_succeeded");
    assertEquals(jtl.checksPassed, Long.parseLong(checks.group(2)), "checks passed");
    assertEquals(jtl.checksPassed + jtl.checksFailed, Long.parseLong(checks.group(3)));

    JsonNode export = JSON.readTree(RESULTS.resolve(run + "-export.json").toFile());
    JsonNode data = JSON.readTree(RESULTS.resolve(run + "-summary.json").toFile());
    String exportText = Files.readString(RESULTS.resolve(run + "-export.json"));
    assertTrue(
        exportText.startsWith("{\n    \"root_group\": {\n        \"name\": \"\","),
        "4-space JSON.stringify layout: " + exportText.substring(0, 60));
    assertEquals(jtl.requests, export.at("/metrics/http_reqs/count").asLong());
    assertEquals(jtl.failedRequests, export.at("/metrics/http_req_failed/passes").asLong());
    assertEquals(
        jtl.requests - jtl.failedRequests, export.at("/metrics/http_req_failed/fails").asLong());
    assertEquals(jtl.checksPassed, export.at("/metrics/checks/passes").asLong());
    assertEquals(jtl.checksFailed, export.at("/metrics/checks/fails").asLong());
    assertEquals(iterations, export.at("/metrics/iterations/count").asLong());
    assertEquals(iterations, export.at("/root_group/checks/ok is 200/passes").asLong());
    assertEquals(iterations, export.at("/root_group/checks/error is 200/fails").asLong());
    assertTrue(
        export.path("metrics").path("http_req_failed").has("value"), "rate renamed to value");

    assertEquals(jtl.requests, data.at("/metrics/http_reqs/values/count").asLong());
    assertEquals("counter", data.at("/metrics/http_reqs/type").asText());
    assertEquals(jtl.failedRequests, data.at("/metrics/http_req_failed/values/passes").asLong());
    assertEquals(jtl.checksPassed, data.at("/metrics/checks/values/passes").asLong());
    assertEquals(jtl.checksFailed, data.at("/metrics/checks/values/fails").asLong());
    assertEquals(iterations, data.at("/metrics/iterations/values/count").asLong());
    assertEquals(2, data.at("/root_group/checks").size());
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", data.at("/root_group/id").asText());
    double durationMs = data.at("/state/testRunDurationMs").asDouble();
    long span = jtl.lastEndMillis - jtl.firstStartMillis;
    assertTrue(
        durationMs >= span && durationMs < span + 5000,
        "testRunDurationMs " + durationMs + " vs the JTL's span " + span + " ms");
    double rate = data.at("/metrics/http_reqs/values/rate").asDouble();
    assertEquals(jtl.requests / (durationMs / 1000), rate, rate * 1e-9, "http_reqs rate");
    boolean allOk = true;
    for (JsonNode m : data.path("metrics")) {
      for (JsonNode t : m.path("thresholds")) {
        allOk &= t.path("ok").asBoolean();
      }
    }
    assertEquals(passed, allOk, "threshold ok flags");
  }

  /** The text from k6's first summary block to the end. */
  private static String summaryIn(String output) {
    int start = output.indexOf("█ ");
    assertTrue(start >= 0, "no summary in:\n" + output);
    return output.substring(start);
  }

  private static long counter(String summary, String metric) {
    Matcher m = Pattern.compile("\n\\s+" + metric + "\\.*: (\\d+)\\s").matcher(summary);
    assertTrue(m.find(), metric + " not in:\n" + summary);
    return Long.parseLong(m.group(1));
  }

  private static Matcher rateLine(String summary, String metric) {
    Matcher m =
        Pattern.compile("\n\\s+" + metric + "\\.*: ([\\d.]+%)\\s+(\\d+) out of (\\d+)")
            .matcher(summary);
    assertTrue(m.find(), metric + " not in:\n" + summary);
    return m;
  }
}
