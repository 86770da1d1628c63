package io.k6bridge.itthresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.MergeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two independent real JMeter 5.6.3 injectors run tail.jmx at the same time, each writing its
 * results file (K6BRIDGE_RESULTS); {@code java -jar k6bridge-jmeter.jar merge} makes one k6 result
 * of them, reconciled with the two JTLs together: requests, iterations and the fleet's vus_max
 * exactly, percentiles within the README's bound of k6's exact ones, and the thresholds' exit
 * statuses.
 */
class FleetMergeIT {
  private static final Path BUILD = Path.of(System.getProperty("k6.build.dir"));
  private static final Path PLAN = Path.of(System.getProperty("k6.tail.plan"));
  private static final Path RESULTS = Path.of(System.getProperty("k6.results.dir"));
  private static final String PORT = System.getProperty("k6.target.port");

  private static final int THREADS = 8;
  private static final int LOOPS = 1000;
  private static final double BOUND = 1.0 / 256;

  @Test
  void twoInjectorsMergeIntoOneK6Result() throws Exception {
    List<JMeterProcess> runs = new ArrayList<>();
    for (String injector : List.of("fleet-a", "fleet-b")) {
      runs.add(
          JMeterProcess.start(
              injector,
              BUILD,
              PLAN,
              TailJtl.runProperties(
                  PORT,
                  RESULTS,
                  THREADS,
                  LOOPS,
                  "K6_SUMMARY_EXPORT",
                  RESULTS.resolve(injector + "-export.json").toString(),
                  "K6BRIDGE_INJECTOR",
                  injector,
                  "K6BRIDGE_RESULTS",
                  RESULTS.resolve(injector + ".json").toString(),
                  "K6BRIDGE_RESULTS_INTERVAL",
                  "1s")));
    }
    double[] durations = new double[0];
    for (JMeterProcess run : runs) {
      assertEquals(0, run.await(180), "exit status of " + run.consoleText());
      double[] own = TailJtl.read(run.jtl).durations();
      assertEquals((long) THREADS * LOOPS, own.length, "JTL samples");
      double[] all = Arrays.copyOf(durations, durations.length + own.length);
      System.arraycopy(own, 0, all, durations.length, own.length);
      durations = all;
    }
    Arrays.sort(durations);
    long total = durations.length;
    Path a = RESULTS.resolve("fleet-a.json");
    Path b = RESULTS.resolve("fleet-b.json");
    Path export = RESULTS.resolve("fleet-export.json");

    MergeProcess.Result pass =
        merge(
            "--summary-export",
            export.toString(),
            "--summary-trend-stats",
            "avg,min,med,max,p(90),p(95),p(99)",
            "--thresholds",
            "{\"http_reqs\":[\"count==" + total + "\"]}",
            a.toString(),
            b.toString());
    assertEquals(0, pass.status(), pass.output());
    assertTrue(pass.output().contains("2 injectors merged (fleet-a, fleet-b)"), pass.output());
    assertTrue(pass.output().contains("✓ 'count==" + total + "'"), pass.output());

    JsonNode metrics = new ObjectMapper().readTree(export.toFile()).path("metrics");
    assertEquals(total, metrics.at("/http_reqs/count").asLong(), "http_reqs");
    assertEquals(total, metrics.at("/iterations/count").asLong(), "iterations: one request each");
    assertEquals(2 * THREADS, metrics.at("/vus_max/max").asLong(), "the fleet's vus_max");
    JsonNode d = metrics.path("http_req_duration");
    assertEquals(durations[0], d.path("min").asDouble(), "min is exact");
    assertEquals(durations[durations.length - 1], d.path("max").asDouble(), "max is exact");
    double avg = Arrays.stream(durations).sum() / total;
    assertEquals(avg, d.path("avg").asDouble(), avg * 1e-9, "avg is exact");
    for (Map.Entry<String, Double> p :
        Map.of("med", 0.5, "p(90)", 0.9, "p(95)", 0.95, "p(99)", 0.99).entrySet()) {
      double exact = TailJtl.k6Percentile(durations, p.getValue());
      double merged = d.path(p.getKey()).asDouble();
      double error = merged == exact ? 0 : Math.abs(merged - exact) / exact;
      assertTrue(
          error <= BOUND * (1 + 1e-12),
          p.getKey() + ": merged " + merged + ", exact " + exact + ", error " + error);
    }

    MergeProcess.Result fail =
        merge(
            "--thresholds",
            "{\"http_reqs\":[\"count<" + total + "\"]}",
            a.toString(),
            b.toString());
    assertEquals(99, fail.status(), fail.output());
    assertTrue(fail.output().contains("✗ 'count<" + total + "'"), fail.output());
  }

  @Test
  void anInjectorThatDiesLeavesAFileThatMerges() throws Exception {
    Path file = RESULTS.resolve("fleet-killed.json");
    Files.deleteIfExists(file);
    // A million loops per thread: this run only ends by being killed.
    JMeterProcess run =
        JMeterProcess.start(
            "fleet-killed",
            BUILD,
            PLAN,
            TailJtl.runProperties(
                PORT,
                RESULTS,
                2,
                1_000_000,
                "K6BRIDGE_INJECTOR",
                "fleet-killed",
                "K6BRIDGE_RESULTS",
                file.toString(),
                "K6BRIDGE_RESULTS_INTERVAL",
                "1s"));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!(Files.exists(file) && Files.readString(file).contains("\"http_reqs\""))) {
      assertTrue(System.nanoTime() < deadline, "no results file: " + run.consoleText());
      Thread.sleep(200);
    }
    Thread.sleep(1_500); // at least one more rewrite while the load runs
    run.kill();
    MergeProcess.Result merged =
        merge("--thresholds", "{\"http_reqs\":[\"count>0\"]}", file.toString());
    assertEquals(0, merged.status(), merged.output());
    assertTrue(
        merged
            .output()
            .contains("the run of fleet-killed had not ended when its file was last written"),
        merged.output());
    assertTrue(merged.output().contains("✓ 'count>0'"), merged.output());
  }

  private static MergeProcess.Result merge(String... args) throws Exception {
    return MergeProcess.run(JMeterProcess.k6bridgeJar(BUILD), BUILD, args);
  }
}
