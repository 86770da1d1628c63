package io.k6bridge.testplans.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thresholds and the k6 summary on real Gatling runs, each forked as gatling-maven-plugin forks it
 * ({@code java -cp <test class path> io.gatling.app.Gatling -s <simulation>}) so that the process
 * exit status, which the plugin turns into the build's verdict, can be asserted without failing
 * this build: 0 for a passing gate, k6's 99 for a failing one and for an abortOnFail gate, which
 * also stops the simulation early through Gatling's own controller. The summary's counts are
 * reconciled with the run's simulation.log.
 */
class GatlingThresholdsIT {
  private static final Path DIR =
      Paths.get(System.getProperty("k6.dir", "target"))
          .resolve("gates-" + System.getProperty("gatling.version", "3.15.1"));

  private static GatlingFork.Run gatling(
      String name, String thresholds, int seconds, String... options) throws Exception {
    return GatlingFork.start(DIR.resolve(name), thresholds, seconds, options).await();
  }

  /** The summary's request, failure, check and iteration counts are Gatling's own for the run. */
  private static void countsAreGatlings(GatlingFork.Run r) {
    long requests = r.gatling().requests.size();
    long ko = r.gatling().requests.stream().filter(q -> !q.ok()).count();
    long ended = r.gatling().users.stream().filter(u -> !u.start()).count();
    JsonNode m = r.export().get("metrics");
    assertEquals(requests, m.get("http_reqs").get("count").asLong(), "http_reqs");
    assertEquals(ko, m.get("http_req_failed").get("passes").asLong(), "http_req_failed true");
    assertEquals(
        requests - ko, m.get("http_req_failed").get("fails").asLong(), "http_req_failed false");
    assertEquals(requests - ko, m.get("checks").get("passes").asLong(), "checks passed");
    assertEquals(ko, m.get("checks").get("fails").asLong(), "checks failed");
    assertEquals(ended, m.get("iterations").get("count").asLong(), "iterations");
    assertTrue(m.has("iteration_duration"), "iteration_duration is in the summary");
    Matcher line = Pattern.compile("http_reqs\\.*: (\\d+)").matcher(r.console());
    assertTrue(line.find(), "the console summary has http_reqs:\n" + r.console());
    assertEquals(requests, Long.parseLong(line.group(1)), "console http_reqs");
    assertTrue(r.console().contains("█ TOTAL RESULTS"), r.console());
  }

  @Test
  void passingGateExitsZero() throws Exception {
    // The gate comes from gatling.conf's k6 block: K6_THRESHOLDS { http_reqs = ["count>0"] }.
    GatlingFork.Run r = gatling("pass", null, 3);
    assertEquals(0, r.exit(), r.console());
    assertEquals(60, r.gatling().requests.size(), "3 s of 10 users/s, 2 requests each");
    assertTrue(r.console().contains("█ THRESHOLDS"), r.console());
    assertTrue(r.console().contains("✓ 'count>0'"), r.console());
    assertEquals(
        false,
        r.export().get("metrics").get("http_reqs").get("thresholds").get("count>0").asBoolean());
    countsAreGatlings(r);
  }

  @Test
  void failingGateExitsNinetyNine() throws Exception {
    GatlingFork.Run r =
        gatling("fail", "{\"http_req_failed\":[\"rate<0.01\"],\"checks\":[\"rate>0.4\"]}", 3);
    assertEquals(99, r.exit(), r.console());
    assertEquals(60, r.gatling().requests.size(), "the run is not cut short");
    assertTrue(r.console().contains("✗ 'rate<0.01'"), r.console());
    assertTrue(r.console().contains("✓ 'rate>0.4'"), r.console());
    assertTrue(r.console().contains("thresholds failed on [http_req_failed]"), r.console());
    assertEquals(
        true,
        r.export()
            .get("metrics")
            .get("http_req_failed")
            .get("thresholds")
            .get("rate<0.01")
            .asBoolean());
    countsAreGatlings(r);
  }

  @Test
  void anOutputThatDiesMakesGatlingExit103AndIsNamedUnderTheSummary() throws Exception {
    GatlingFork.Run r =
        gatling(
            "output-dies",
            null,
            3,
            "-DK6_OUT=json="
                + DIR.resolve("output-dies").resolve("k6.json")
                + ",exec=sh -c 'exit 3'");
    assertEquals(103, r.exit(), r.console());
    assertEquals(60, r.gatling().requests.size(), "the run is not cut short");
    assertTrue(r.console().contains("█ THRESHOLDS"), r.console());
    assertTrue(
        r.console()
            .contains(
                "k6bridge: outputs failed, their results are incomplete or"
                    + " missing:\n  ✗ exec=sh -c 'exit 3': "),
        r.console());
    countsAreGatlings(r);
  }

  @Test
  void aReportThatCannotBeWrittenStopsTheSimulationWith104() throws Exception {
    Path file = DIR.resolve("a-file");
    Files.createDirectories(DIR);
    Files.writeString(file, "not a directory");
    GatlingFork.Run r =
        gatling("unwritable", null, 3, "-DK6_SUMMARY_EXPORT=" + file.resolve("summary.json"));
    assertEquals(104, r.exit(), r.console());
    assertTrue(r.console().contains("invalid K6_SUMMARY_EXPORT='"), r.console());
  }

  /** The Maven plugin's own verdict on a failing gate: its fork failed (recorded, not thrown). */
  @Test
  void failingGateFailsGatlingTest() throws IOException {
    Path results =
        Paths.get(System.getProperty("gatling.gate.results", "target/gatling-gate-fails"));
    List<String> lastRun = Files.readAllLines(results.resolve("lastRun.txt"));
    assertTrue(
        lastRun.stream().anyMatch(l -> l.contains("ForkException")),
        "gatling:test saw the forked Gatling fail: " + lastRun);
    try (Stream<Path> runs = Files.list(results)) {
      assertTrue(
          runs.anyMatch(d -> d.getFileName().toString().startsWith("gatesimulation-")),
          "Gatling's results were written");
    }
  }

  @Test
  void abortOnFailStopsTheSimulationEarly() throws Exception {
    // 120 s of load unless stopped; thresholds are evaluated every 2 s.
    GatlingFork.Run r =
        gatling(
            "abort",
            "{\"http_req_failed\":[{\"threshold\":\"rate<0.01\",\"abortOnFail\":true}]}",
            120);
    assertEquals(99, r.exit(), r.console());
    assertTrue(
        r.console().contains("Load Generator was forcefully stopped: k6bridge: "), r.console());
    int lastEnd =
        r.gatling().requests.stream().mapToInt(SimulationLog.Request::end).max().orElseThrow();
    assertTrue(lastEnd < 60_000, "stopped at " + lastEnd + " ms of a 120 s run");
    assertTrue(
        r.gatling().requests.size() < 1200, r.gatling().requests.size() + " of 2400 requests");
    assertTrue(r.gatling().requests.size() > 0);
    countsAreGatlingsForStoppedRun(r);
  }

  /** After a stop, users still in flight never end: requests and checks still reconcile. */
  private static void countsAreGatlingsForStoppedRun(GatlingFork.Run r) {
    long requests = r.gatling().requests.size();
    long ko = r.gatling().requests.stream().filter(q -> !q.ok()).count();
    JsonNode m = r.export().get("metrics");
    assertEquals(requests, m.get("http_reqs").get("count").asLong(), "http_reqs");
    assertEquals(ko, m.get("http_req_failed").get("passes").asLong(), "http_req_failed true");
    assertEquals(ko, m.get("checks").get("fails").asLong(), "checks failed");
  }
}
