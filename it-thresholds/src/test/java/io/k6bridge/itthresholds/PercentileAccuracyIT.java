package io.k6bridge.itthresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's percentile bound on a real JMeter 5.6.3 run: over 100,000 keep-alive requests to the
 * loopback target's long-tailed /tail, the summary export's http_req_duration stats against k6's
 * exact ones computed from the same run's JTL. The figures go to
 * target/percentile-accuracy.properties.
 */
class PercentileAccuracyIT {
  private static final Path BUILD = Path.of(System.getProperty("k6.build.dir"));
  private static final Path PLAN = Path.of(System.getProperty("k6.tail.plan"));
  private static final Path RESULTS = Path.of(System.getProperty("k6.results.dir"));
  private static final String PORT = System.getProperty("k6.target.port");

  private static final int THREADS = 64;
  private static final int LOOPS = 1600;

  /**
   * README "Accuracy": every percentile within 1/256 of k6's exact value. JMeter's whole
   * milliseconds reach it exactly (a power of two is its bucket's lower edge, 1/256 below the
   * midpoint), so interpolating between two such values may exceed it by a rounding error.
   */
  private static final double BOUND = 1.0 / 256;

  private static final double ROUNDING = 1e-12;
  private static final Map<String, Double> PERCENTILES =
      Map.of("med", 0.5, "p(90)", 0.90, "p(95)", 0.95, "p(99)", 0.99, "p(99.9)", 0.999);
  private static final List<String> STATS =
      List.of("min", "med", "p(90)", "p(95)", "p(99)", "p(99.9)", "max", "avg");

  @Test
  void summaryExportPercentilesAreWithinTheReadmeBoundOfTheJtlsExactOnes() throws Exception {
    JMeterProcess run =
        JMeterProcess.start(
            "tail", BUILD, PLAN, TailJtl.runProperties(PORT, RESULTS, THREADS, LOOPS));
    assertEquals(0, run.await(180), "exit status of the tail run");

    TailJtl jtl = TailJtl.read(run.jtl);
    double[] durations = jtl.durations();
    assertEquals((long) THREADS * LOOPS, durations.length, "JTL samples");
    JsonNode metrics =
        new ObjectMapper().readTree(RESULTS.resolve("tail-export.json").toFile()).path("metrics");
    assertEquals(durations.length, metrics.at("/http_reqs/count").asLong(), "http_reqs count");
    JsonNode reported = metrics.path("http_req_duration");

    Arrays.sort(durations);
    Map<String, Double> exact = new LinkedHashMap<>();
    exact.put("min", durations[0]);
    PERCENTILES.forEach((stat, p) -> exact.put(stat, TailJtl.k6Percentile(durations, p)));
    exact.put("max", durations[durations.length - 1]);
    exact.put("avg", Arrays.stream(durations).sum() / durations.length);

    StringBuilder table = new StringBuilder();
    StringBuilder properties =
        new StringBuilder()
            .append("samples=")
            .append(durations.length)
            .append('\n')
            .append("jmeter.process.ms=")
            .append(run.tookMillis())
            .append('\n')
            .append("load.ms=")
            .append(jtl.spanMillis())
            .append('\n')
            .append("bound=")
            .append(BOUND)
            .append('\n');
    double worst = 0;
    String worstStat = null;
    for (String stat : STATS) {
      assertTrue(reported.has(stat), stat + " not in the export: " + reported);
      double e = exact.get(stat);
      double r = reported.path(stat).asDouble();
      // JMeter records whole milliseconds, so a sub-millisecond answer is 0: only 0 is within any
      // relative bound of 0.
      double error = r == e ? 0 : Math.abs(r - e) / e;
      table.append(
          String.format(
              "  %-8s exact %10.4f ms  export %10.4f ms  error %.5f%%%n", stat, e, r, error * 100));
      properties.append(
          String.format("%s.exact=%s%n%s.export=%s%n%s.error=%s%n", stat, e, stat, r, stat, error));
      if (PERCENTILES.containsKey(stat) && error > worst) {
        worst = error;
        worstStat = stat;
      }
    }
    properties
        .append("worst.stat=")
        .append(worstStat)
        .append('\n')
        .append("worst.error=")
        .append(worst)
        .append('\n');
    Files.writeString(BUILD.resolve("percentile-accuracy.properties"), properties);
    System.out.printf(
        "http_req_duration over %d samples of a real JMeter run (load %d ms,"
            + " process %d ms):%n%s  worst percentile: %s, %.5f%% (bound %.5f%%)%n",
        durations.length,
        jtl.spanMillis(),
        run.tookMillis(),
        table,
        worstStat,
        worst * 100,
        BOUND * 100);

    // Long-tailed, or the bound was not exercised where it matters: p(99.9) at least 3 powers of
    // two above the median. (More than 40x on a quiet machine; on a slow one queueing lifts the
    // median: 19x was seen.)
    assertTrue(exact.get("p(99.9)") > 8 * exact.get("med"), table.toString());
    assertTrue(
        worst <= BOUND * (1 + ROUNDING),
        "worst relative error " + worst + " on " + worstStat + "\n" + table);
    assertEquals(exact.get("min"), reported.path("min").asDouble(), "min is exact\n" + table);
    assertEquals(exact.get("max"), reported.path("max").asDouble(), "max is exact\n" + table);
    assertEquals(
        exact.get("avg"),
        reported.path("avg").asDouble(),
        exact.get("avg") * 1e-9,
        "avg is exact\n" + table);
  }
}
