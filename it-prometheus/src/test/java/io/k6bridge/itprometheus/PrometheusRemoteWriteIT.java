package io.k6bridge.itprometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.itprometheus.FaultProxy.Mode;
import io.k6bridge.testplans.MetricStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real JMeter processes with the shaded plugin, and real Gatling processes with {@code
 * K6Bridge.attach()}, push to a real Prometheus (native histograms on) and a real VictoriaMetrics,
 * all at once:
 *
 * <ul>
 *   <li>inj-a and inj-b share one testid; inj-b goes through a {@link FaultProxy} that answers 500,
 *       then 429, stalls, then refuses connections for 20 s mid-run;
 *   <li>inj-c writes native histograms; inj-d writes to VictoriaMetrics;
 *   <li>gatling-stats, gatling-native and gatling-vm do the same for Gatling.
 * </ul>
 *
 * Each injector loads its own counting target, so totals compare exactly.
 */
class PrometheusRemoteWriteIT {
  private static final int DURATION = 40;
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final String STATS = "rw-stats-" + RUN;
  private static final String NATIVE = "rw-native-" + RUN;
  private static final String VM = "rw-vm-" + RUN;
  private static final String GATLING_STATS = "rw-gatling-stats-" + RUN;
  private static final String GATLING_NATIVE = "rw-gatling-native-" + RUN;
  private static final String GATLING_VM = "rw-gatling-vm-" + RUN;

  /** Gatling's load: 10 users a second, 2 requests each (RemoteWriteSimulation). */
  private static final int GATLING_DURATION =
      DURATION; // ends with JMeter's: irate needs recent points

  private static final long GATLING_REQUESTS = 10 * GATLING_DURATION * 2;

  /** How long a store may take to make the last acknowledged writes searchable. */
  private static final Duration SETTLE = Duration.ofSeconds(10);

  /** Trend phases JMeter does not measure: their panels stay empty, as documented. */
  private static final List<String> NOT_MEASURED_BY_JMETER =
      List.of(
          "http_req_blocked", "http_req_tls_handshaking", "http_req_sending", "dropped_iterations");

  /**
   * What Gatling does not report: no connection phases (so no waiting, sending, receiving, blocked,
   * TLS), no bytes, and no dropped iterations. The README lists these panels.
   */
  private static final List<String> NOT_MEASURED_BY_GATLING =
      List.of(
          "http_req_blocked",
          "http_req_tls_handshaking",
          "http_req_sending",
          "http_req_waiting",
          "http_req_receiving",
          "data_sent",
          "data_received",
          "dropped_iterations");

  private static MetricStore prometheus;
  private static MetricStore victoria;
  private static final Map<String, CountingTarget> targets = new LinkedHashMap<>();
  private static final Map<String, JMeterRun> runs = new LinkedHashMap<>();
  private static final Map<String, GatlingRun> gatlingRuns = new LinkedHashMap<>();
  private static FaultProxy proxy;

  @BeforeAll
  static void run() throws Exception {
    prometheus = MetricStore.prometheus();
    victoria = MetricStore.victoriaMetrics();
    for (String inj :
        List.of(
            "inj-a", "inj-b", "inj-c", "inj-d", "gatling-stats", "gatling-native", "gatling-vm")) {
      targets.put(inj, new CountingTarget());
    }
    // Seconds after inj-b's first push: all of it falls inside the 40 s of load.
    proxy =
        new FaultProxy(prometheus.writeUrl())
            .at(2, 5, Mode.ERROR_500)
            .at(5, 8, Mode.TOO_MANY_429)
            .at(8, 9, Mode.STALL)
            .downAt(11, 31);
    // Gatling first: its JVM takes longest to start; all of it overlaps JMeter's 40 s.
    startGatling("gatling-stats", GATLING_STATS, prometheus.writeUrl(), false);
    startGatling("gatling-native", GATLING_NATIVE, prometheus.writeUrl(), true);
    startGatling("gatling-vm", GATLING_VM, victoria.writeUrl(), false);
    start("inj-a", STATS, prometheus.writeUrl(), false);
    start("inj-b", STATS, proxy.url(), false);
    start("inj-c", NATIVE, prometheus.writeUrl(), true);
    start("inj-d", VM, victoria.writeUrl(), false);
    for (JMeterRun r : runs.values()) {
      r.await(DURATION + 60);
    }
    for (GatlingRun r : gatlingRuns.values()) {
      r.await(GATLING_DURATION + 60);
    }
  }

  /** What both tools are told: the load's target and length, and where to write. */
  private static Map<String, String> settings(
      String injector, String testid, String url, boolean nativeHistograms, int duration) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("target.port", Integer.toString(targets.get(injector).port()));
    p.put("duration", Integer.toString(duration));
    p.put("K6_OUT", "experimental-prometheus-rw");
    p.put("K6_TAGS", "testid=" + testid);
    p.put("K6_PROMETHEUS_RW_SERVER_URL", url);
    p.put("K6_PROMETHEUS_RW_PUSH_INTERVAL", "1s");
    p.put("K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", Boolean.toString(nativeHistograms));
    p.put("K6BRIDGE_PROMETHEUS_RW_INJECTOR", injector);
    return p;
  }

  private static Path build() {
    return Path.of(System.getProperty("k6.target", "target"));
  }

  private static void start(String injector, String testid, String url, boolean nativeHistograms)
      throws Exception {
    Path plan = Path.of(System.getProperty("k6.plan", "src/test/jmeter/remote-write.jmx"));
    runs.put(
        injector,
        JMeterRun.start(
            injector, build(), plan, settings(injector, testid, url, nativeHistograms, DURATION)));
  }

  private static void startGatling(
      String injector, String testid, String url, boolean nativeHistograms) throws Exception {
    Map<String, String> p = settings(injector, testid, url, nativeHistograms, GATLING_DURATION);
    gatlingRuns.put(injector, GatlingRun.start(injector, build(), p));
  }

  @AfterAll
  static void stop() throws Exception {
    for (GatlingRun r : gatlingRuns.values()) {
      System.out.println("--- " + r.name + " console tail:\n" + tail(r.consoleText()));
    }
    if (proxy != null) {
      proxy.close();
    }
    for (CountingTarget t : targets.values()) {
      t.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (victoria != null) {
      victoria.close();
    }
  }

  @Test
  void everyInjectorDeliveredEverythingAndSaidSo() throws Exception {
    for (JMeterRun r : runs.values()) {
      String log = r.logText();
      assertTrue(log.contains("samples delivered, none dropped"), r.name + " log:\n" + tail(log));
      assertFalse(log.contains("not delivered"), r.name);
    }
    for (GatlingRun r : gatlingRuns.values()) {
      String console = r.consoleText();
      assertTrue(
          console.contains("samples delivered, none dropped"),
          r.name + " console:\n" + tail(console));
      assertFalse(console.contains("not delivered"), r.name);
    }
    String faulted = runs.get("inj-b").logText();
    assertTrue(faulted.contains("retrying with backoff"), tail(faulted));
    assertTrue(faulted.contains("recovered after"), tail(faulted));
    assertTrue(proxy.faulted.get() >= 5, "faults injected: " + proxy.faulted.get());
  }

  @Test
  void totalsAreExactPerInjectorAndSummedAcrossInjectors() throws Exception {
    long a = targets.get("inj-a").answered();
    long b = targets.get("inj-b").answered();
    assertTrue(a > 100 && b > 100, a + " " + b);
    assertEquals(
        a + b, prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + STATS + "\"})"), 0.0);
    assertEquals(
        a,
        prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + STATS + "\",injector=\"inj-a\"})"),
        0.0);
    assertEquals(
        b,
        prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + STATS + "\",injector=\"inj-b\"})"),
        0.0);
    // The faults never slowed the load: the faulted injector sent as much as its twin.
    assertTrue(b > a * 0.9, "faulted injector: " + b + " requests, clean one: " + a);
    assertTrue(
        Math.abs(runs.get("inj-b").tookMillis() - runs.get("inj-a").tookMillis()) < 10_000,
        runs.get("inj-a").tookMillis() + " vs " + runs.get("inj-b").tookMillis() + " ms");

    long c = targets.get("inj-c").answered();
    assertEquals(c, prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + NATIVE + "\"})"), 0.0);
    assertEquals(
        c,
        prometheus.scalar(
            "sum(histogram_count(k6_http_req_duration_seconds{testid=\"" + NATIVE + "\"}))"),
        0.0);

    long d = targets.get("inj-d").answered();
    assertEquals(d, victoria.settledScalar(finalTotal(VM), d, SETTLE), 0.0);
  }

  /**
   * The final k6_http_reqs_total of a run. VictoriaMetrics treats a series as ended once the query
   * time is a few of its sample intervals past its last sample (series are stamped with sample
   * times), which Prometheus' 5-minute lookback does not; the last value over a window covering the
   * whole run is the final total in both.
   */
  private static String finalTotal(String testid) {
    return "sum(last_over_time(k6_http_reqs_total{testid=\"" + testid + "\"}[10m]))";
  }

  @Test
  void gatlingTotalsAreExact() throws Exception {
    for (String g : List.of("gatling-stats", "gatling-native", "gatling-vm")) {
      assertEquals(
          GATLING_REQUESTS, targets.get(g).answered(), g + ": requests the target answered");
    }
    assertEquals(
        GATLING_REQUESTS,
        prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + GATLING_STATS + "\"})"),
        0.0);
    assertEquals(
        GATLING_REQUESTS / 2,
        prometheus.scalar(
            "sum(k6_http_reqs_total{testid=\""
                + GATLING_STATS
                + "\",expected_response=\"false\"})"),
        0.0);
    assertEquals(
        GATLING_REQUESTS,
        prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + GATLING_NATIVE + "\"})"),
        0.0);
    assertEquals(
        GATLING_REQUESTS,
        prometheus.scalar(
            "sum(histogram_count(k6_http_req_duration_seconds{testid=\""
                + GATLING_NATIVE
                + "\"}))"),
        0.0);
  }

  @Test
  void gatlingTotalsInVictoriaMetricsAreExact() throws Exception {
    assertEquals(
        GATLING_REQUESTS,
        victoria.settledScalar(finalTotal(GATLING_VM), GATLING_REQUESTS, SETTLE),
        0.0);
  }

  /** Injector telemetry and the lifecycle series reach Prometheus from both tools, per injector. */
  @Test
  void telemetryAndLifecycleSeriesReachPrometheus() throws Exception {
    for (Map.Entry<String, String> run :
        Map.of("inj-a", STATS, "gatling-stats", GATLING_STATS).entrySet()) {
      String selector = "{testid=\"" + run.getValue() + "\",injector=\"" + run.getKey() + "\"}";
      for (String series :
          List.of(
              "k6_k6bridge_injector_cpu_process",
              "k6_k6bridge_injector_cpu_machine",
              "k6_k6bridge_injector_heap_used",
              "k6_k6bridge_injector_heap_committed",
              "k6_k6bridge_injector_threads",
              "k6_k6bridge_injector_gc_time_total")) {
        assertEquals(1, prometheus.query(series + selector).size(), series + selector);
      }
      assertTrue(prometheus.scalar("k6_k6bridge_injector_threads" + selector) >= 10, selector);
      List<String> events = new ArrayList<>();
      for (JsonNode r : prometheus.query("k6_k6bridge_test_lifecycle" + selector)) {
        events.add(r.path("metric").path("event").asText());
      }
      events.sort(null);
      assertEquals(List.of("start", "stop"), events, selector);
    }
  }

  @Test
  void statsDashboardHasDataInPrometheusAndVictoriaMetrics() throws Exception {
    for (String stat : List.of("p99", "p95", "min", "max")) {
      checkDashboard(
          prometheus,
          DashboardQueries.STATS,
          STATS,
          Map.of("$quantile_stat", stat),
          NOT_MEASURED_BY_JMETER);
      checkDashboard(
          victoria,
          DashboardQueries.STATS,
          VM,
          Map.of("$quantile_stat", stat),
          NOT_MEASURED_BY_JMETER);
    }
  }

  @Test
  void nativeHistogramDashboardHasData() throws Exception {
    checkDashboard(
        prometheus,
        DashboardQueries.NATIVE_HISTOGRAMS,
        NATIVE,
        Map.of("$quantile", "0.99"),
        NOT_MEASURED_BY_JMETER);
  }

  @Test
  void statsDashboardHasDataForGatlingInPrometheusAndVictoriaMetrics() throws Exception {
    for (String stat : List.of("p99", "p95", "min", "max")) {
      checkDashboard(
          prometheus,
          DashboardQueries.STATS,
          GATLING_STATS,
          Map.of("$quantile_stat", stat),
          NOT_MEASURED_BY_GATLING);
      checkDashboard(
          victoria,
          DashboardQueries.STATS,
          GATLING_VM,
          Map.of("$quantile_stat", stat),
          NOT_MEASURED_BY_GATLING);
    }
  }

  @Test
  void nativeHistogramDashboardHasDataForGatling() throws Exception {
    checkDashboard(
        prometheus,
        DashboardQueries.NATIVE_HISTOGRAMS,
        GATLING_NATIVE,
        Map.of("$quantile", "0.99"),
        NOT_MEASURED_BY_GATLING);
  }

  @Test
  void embeddedQueriesAreTheDashboardsQueries() throws Exception {
    Path shared = Path.of(System.getProperty("k6.dashboards", "../../shared/dashboards"));
    if (!Files.isDirectory(shared)) {
      return; // the dashboards live outside the repository; checked where they are available
    }
    assertEquals(exprs(shared.resolve("k6-prometheus.json")), DashboardQueries.STATS);
    assertEquals(
        exprs(shared.resolve("k6-prometheus-native-histograms.json")),
        DashboardQueries.NATIVE_HISTOGRAMS);
  }

  private static List<String> exprs(Path dashboard) throws Exception {
    List<String> out = new ArrayList<>();
    collect(new ObjectMapper().readTree(dashboard.toFile()).path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<String> out) {
    for (JsonNode p : panels) {
      collect(p.path("panels"), out);
      for (JsonNode t : p.path("targets")) {
        if (t.has("expr")) {
          out.add(t.get("expr").asText());
        }
      }
    }
  }

  /** Every query has data, except those on what the tool does not measure, which have none. */
  private static void checkDashboard(
      MetricStore store,
      List<String> queries,
      String testid,
      Map<String, String> variables,
      List<String> notMeasuredByTool)
      throws Exception {
    Map<String, Integer> empty = new TreeMap<>();
    for (String q : queries) {
      String promql = q.replace("$testid", testid).replace("$__rate_interval", "1m");
      for (Map.Entry<String, String> v : variables.entrySet()) {
        promql = promql.replace(v.getKey(), v.getValue());
      }
      boolean notMeasured = notMeasuredByTool.stream().anyMatch(q::contains);
      List<JsonNode> result = store.query(promql);
      if (result.isEmpty() != notMeasured) {
        empty.put(promql, result.size());
      }
    }
    assertEquals(
        Map.of(),
        empty,
        "queries whose data (series count) contradicts what the tool measures, "
            + testid
            + " "
            + variables);
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }
}
