package io.k6bridge.testplans.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.DashboardReport;
import io.k6bridge.testplans.MergeProcess;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two real Gatling injectors at once, each writing its results file (K6BRIDGE_RESULTS), merged by
 * {@code java -jar k6bridge-gatling.jar merge} into one k6 result: counts equal the two
 * simulation.logs' together, percentiles are within the README's 1/256 of k6's exact ones over both
 * runs' response times, and the thresholds' exit statuses are 0 and 99.
 */
class GatlingFleetIT {
  private static final Path DIR =
      Paths.get(System.getProperty("k6.dir", "target"))
          .resolve("fleet-" + System.getProperty("gatling.version", "3.15.1"));

  @Test
  void twoGatlingInjectorsMergeIntoOneK6Result() throws Exception {
    List<GatlingFork> forks = new ArrayList<>();
    for (String injector : List.of("gatling-a", "gatling-b")) {
      forks.add(
          GatlingFork.start(
              DIR.resolve(injector),
              null,
              3,
              "-DK6BRIDGE_RESULTS=" + DIR.resolve(injector + ".json"),
              "-DK6BRIDGE_INJECTOR=" + injector));
    }
    long requests = 0;
    long ko = 0;
    long iterations = 0;
    List<Integer> durations = new ArrayList<>();
    for (GatlingFork f : forks) {
      GatlingFork.Run r = f.await();
      assertEquals(0, r.exit(), r.console());
      requests += r.gatling().requests.size();
      ko += r.gatling().requests.stream().filter(q -> !q.ok()).count();
      iterations += r.gatling().users.stream().filter(u -> !u.start()).count();
      r.gatling().requests.forEach(q -> durations.add(q.end() - q.start()));
    }
    double[] sorted = durations.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
    Path export = DIR.resolve("fleet-export.json");
    String a = DIR.resolve("gatling-a.json").toString();
    String b = DIR.resolve("gatling-b.json").toString();

    Path report = DIR.resolve("fleet-report.html");
    MergeProcess.Result pass =
        merge(
            "--summary-export",
            export.toString(),
            "--report",
            report.toString(),
            "--summary-trend-stats",
            "avg,min,med,max,p(90),p(95),p(99)",
            "--thresholds",
            "{\"http_reqs\":[\"count==" + requests + "\"]}",
            a,
            b);
    assertEquals(0, pass.status(), pass.output());
    assertTrue(pass.output().contains("2 injectors merged (gatling-a, gatling-b)"), pass.output());
    JsonNode m = new ObjectMapper().readTree(export.toFile()).path("metrics");
    assertEquals(requests, m.at("/http_reqs/count").asLong(), "http_reqs");
    DashboardReport.Counter charted =
        DashboardReport.counter(java.nio.file.Files.readString(report), "http_reqs");
    assertEquals(requests, charted.cumulative(), "the fleet report's requests");
    assertEquals(requests, charted.perPeriod(), "every request in one of the report's periods");
    assertEquals(ko, m.at("/http_req_failed/passes").asLong(), "http_req_failed true");
    assertEquals(ko, m.at("/checks/fails").asLong(), "checks failed");
    assertEquals(iterations, m.at("/iterations/count").asLong(), "iterations");
    JsonNode d = m.path("http_req_duration");
    assertEquals(sorted[0], d.path("min").asDouble(), "min is exact");
    assertEquals(sorted[sorted.length - 1], d.path("max").asDouble(), "max is exact");
    assertEquals(Arrays.stream(sorted).average().orElseThrow(), d.path("avg").asDouble(), 1e-9);
    for (Map.Entry<String, Double> p :
        Map.of("med", 0.5, "p(90)", 0.9, "p(95)", 0.95, "p(99)", 0.99).entrySet()) {
      double rank = p.getValue() * (sorted.length - 1);
      int below = (int) Math.floor(rank);
      int above = (int) Math.ceil(rank);
      double exact = sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
      double merged = d.path(p.getKey()).asDouble();
      double error = merged == exact ? 0 : Math.abs(merged - exact) / exact;
      assertTrue(
          error <= (1.0 / 256) * (1 + 1e-12),
          p.getKey() + ": merged " + merged + ", exact " + exact);
    }

    MergeProcess.Result fail =
        merge("--thresholds", "{\"http_reqs\":[\"count<" + requests + "\"]}", a, b);
    assertEquals(99, fail.status(), fail.output());
  }

  private static MergeProcess.Result merge(String... args) throws Exception {
    return MergeProcess.run(Path.of(System.getProperty("k6bridge.gatling.jar")), DIR, args);
  }
}
