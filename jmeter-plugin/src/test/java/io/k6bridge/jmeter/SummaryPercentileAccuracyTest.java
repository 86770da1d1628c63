package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's percentile bound, measured end to end: a JTL's worth of long-tailed HTTP results
 * goes through the listener into the engine, and the handleSummary file's trend stats are compared
 * with k6's exact percentiles (sort, interpolate at p·(n−1)) of the same http_req_duration values.
 */
class SummaryPercentileAccuracyTest {
  private static final int RESULTS = 150_000;

  /** TrendSink's documented bound: a bucket midpoint is within 1/256 of every value in it. */
  private static final double BOUND = 1.0 / 256;

  private static final List<String> STATS =
      List.of("avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "p(99.9)");

  @BeforeAll
  static void jmeter() {
    JMeterFixture.init();
  }

  @Test
  void summaryPercentilesAreWithinTheReadmeBoundOfExactOnes(@TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(20261123L);
    HTTPSampleResult[] results = new HTTPSampleResult[RESULTS];
    double[] durations = new double[RESULTS];
    long start = 1_700_000_000_000L;
    for (int i = 0; i < RESULTS; i++) {
      long elapsed = latencyMillis(random);
      long connect = random.nextInt(20) == 0 ? Math.min(elapsed, 1 + random.nextInt(3)) : 0;
      results[i] =
          JMeterFixture.http(
              "get",
              "GET",
              "http://127.0.0.1:8080/x",
              "200",
              start + i,
              elapsed,
              connect,
              Math.max(connect, elapsed / 2));
      durations[i] = elapsed - connect; // k6's http_req_duration as the JTL gives it
    }
    Path summary = dir.resolve("summary.json");
    JMeterFixture.thread(JMeterFixture.threadGroup("users", 1));
    JMeterFixture.run(
        Map.of(
            "K6BRIDGE_SUMMARY_JSON",
            summary.toString(),
            "K6_SUMMARY_TREND_STATS",
            String.join(",", STATS),
            "K6_SUMMARY_MODE",
            "disabled",
            "K6BRIDGE_BUFFER_SAMPLES",
            "20000000"),
        () -> {
          for (HTTPSampleResult r : results) {
            JMeterFixture.sample(r);
          }
        });

    Map<String, Double> reported =
        trendValues(Files.readString(summary, StandardCharsets.UTF_8), "http_req_duration");
    Arrays.sort(durations);
    double sum = 0;
    for (double d : durations) {
      sum += d;
    }
    Map<String, Double> exact = new LinkedHashMap<>();
    exact.put("avg", sum / RESULTS);
    exact.put("min", durations[0]);
    exact.put("med", k6Percentile(durations, 0.5));
    exact.put("max", durations[RESULTS - 1]);
    exact.put("p(90)", k6Percentile(durations, 0.90));
    exact.put("p(95)", k6Percentile(durations, 0.95));
    exact.put("p(99)", k6Percentile(durations, 0.99));
    exact.put("p(99.9)", k6Percentile(durations, 0.999));

    double worst = 0;
    String worstStat = null;
    StringBuilder table = new StringBuilder();
    for (String stat : STATS) {
      double e = exact.get(stat);
      double r = reported.get(stat);
      double error = Math.abs(r - e) / e;
      table.append(
          String.format(
              "  %-8s exact %12.4f  summary %12.4f  error %.5f%%%n", stat, e, r, error * 100));
      if (error > worst) {
        worst = error;
        worstStat = stat;
      }
    }
    System.out.printf(
        "http_req_duration over %d results (long-tailed):%n%s  worst: %s, %.5f%%"
            + " (bound %.5f%%)%n",
        RESULTS, table, worstStat, worst * 100, BOUND * 100);
    assertEquals(exact.get("min"), reported.get("min"), "min is exact");
    assertEquals(exact.get("max"), reported.get("max"), "max is exact");
    assertEquals(exact.get("avg"), reported.get("avg"), exact.get("avg") * 1e-12, "avg is exact");
    assertTrue(worst <= BOUND, "worst relative error " + worst + " on " + worstStat + "\n" + table);
    // The data must actually be long-tailed, or the bound was not exercised where it matters.
    assertTrue(exact.get("p(99.9)") > 20 * exact.get("med"), table.toString());
    assertEquals(
        (double) RESULTS,
        reported(summaryText(summary), "http_reqs", "count"),
        "every result reached the summary");
  }

  /**
   * Milliseconds, as JMeter records them: a lognormal body (median 80 ms) with a 3 % Pareto tail
   * from 400 ms (alpha 1.1) up to two minutes.
   */
  private static long latencyMillis(SplittableRandom random) {
    double ms;
    if (random.nextInt(100) < 3) {
      ms = Math.min(120_000, 400 / Math.pow(1 - random.nextDouble(), 1 / 1.1));
    } else {
      ms = Math.exp(Math.log(80) + 0.8 * gaussian(random));
    }
    return Math.max(1, Math.round(ms));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** k6's metrics/sink.go percentile: linear interpolation at rank p·(n−1) of sorted values. */
  private static double k6Percentile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
  }

  private static String summaryText(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The "values" object of one metric in the handleSummary file (JSON.stringify layout). */
  private static Map<String, Double> trendValues(String json, String metric) {
    int at = json.indexOf("\n        \"" + metric + "\": {");
    assertTrue(at >= 0, metric + " not in the summary file");
    int values = json.indexOf("\"values\": {", at);
    String block = json.substring(values, json.indexOf('}', values));
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("\"([^\"]+)\": ([-0-9.e+]+)").matcher(block);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  private static double reported(String json, String metric, String stat) {
    return trendValues(json, metric).get(stat);
  }
}
