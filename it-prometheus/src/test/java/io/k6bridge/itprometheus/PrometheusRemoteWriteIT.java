package io.k6bridge.itprometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.itprometheus.FaultProxy.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real JMeter processes with the shaded plugin push to a real Prometheus (native histograms on)
 * and a real VictoriaMetrics, all at once:
 * <ul>
 *   <li>inj-a and inj-b share one testid; inj-b goes through a {@link FaultProxy} that answers 500,
 *       then 429, stalls, then refuses connections for 20 s mid-run;</li>
 *   <li>inj-c writes native histograms; inj-d writes to VictoriaMetrics.</li>
 * </ul>
 * Each injector loads its own counting target, so totals compare exactly.
 */
class PrometheusRemoteWriteIT {
  private static final int DURATION = 40;
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final String STATS = "rw-stats-" + RUN;
  private static final String NATIVE = "rw-native-" + RUN;
  private static final String VM = "rw-vm-" + RUN;
  /** Trend phases JMeter does not measure: their panels stay empty, as documented. */
  private static final List<String> NOT_MEASURED =
      List.of("http_req_blocked", "http_req_tls_handshaking", "http_req_sending", "dropped_iterations");

  private static MetricStore prometheus;
  private static MetricStore victoria;
  private static final Map<String, CountingTarget> targets = new LinkedHashMap<>();
  private static final Map<String, JMeterRun> runs = new LinkedHashMap<>();
  private static FaultProxy proxy;

  @BeforeAll
  static void run() throws Exception {
    prometheus = MetricStore.prometheus();
    victoria = MetricStore.victoriaMetrics();
    for (String inj : List.of("inj-a", "inj-b", "inj-c", "inj-d")) {
      targets.put(inj, new CountingTarget());
    }
    // Seconds after inj-b's first push: all of it falls inside the 40 s of load.
    proxy = new FaultProxy(prometheus.writeUrl())
        .at(2, 5, Mode.ERROR_500)
        .at(5, 8, Mode.TOO_MANY_429)
        .at(8, 9, Mode.STALL)
        .downAt(11, 31);
    start("inj-a", STATS, prometheus.writeUrl(), false);
    start("inj-b", STATS, proxy.url(), false);
    start("inj-c", NATIVE, prometheus.writeUrl(), true);
    start("inj-d", VM, victoria.writeUrl(), false);
    for (JMeterRun r : runs.values()) {
      r.await(DURATION + 60);
    }
  }

  private static void start(String injector, String testid, String url, boolean nativeHistograms)
      throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("target.port", Integer.toString(targets.get(injector).port()));
    p.put("duration", Integer.toString(DURATION));
    p.put("K6_OUT", "experimental-prometheus-rw");
    p.put("K6_TAGS", "testid=" + testid);
    p.put("K6_PROMETHEUS_RW_SERVER_URL", url);
    p.put("K6_PROMETHEUS_RW_PUSH_INTERVAL", "1s");
    p.put("K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", Boolean.toString(nativeHistograms));
    p.put("K6BRIDGE_PROMETHEUS_RW_INJECTOR", injector);
    Path build = Path.of(System.getProperty("k6.target", "target"));
    Path plan = Path.of(System.getProperty("k6.plan", "src/test/jmeter/remote-write.jmx"));
    runs.put(injector, JMeterRun.start(injector, build, plan, p));
  }

  @AfterAll
  static void stop() throws Exception {
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
    assertEquals(a + b, prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + STATS + "\"})"), 0.0);
    assertEquals(a, prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + STATS + "\",injector=\"inj-a\"})"), 0.0);
    assertEquals(b, prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + STATS + "\",injector=\"inj-b\"})"), 0.0);
    // The faults never slowed the load: the faulted injector sent as much as its twin.
    assertTrue(b > a * 0.9, "faulted injector: " + b + " requests, clean one: " + a);
    assertTrue(Math.abs(runs.get("inj-b").tookMillis() - runs.get("inj-a").tookMillis()) < 10_000,
        runs.get("inj-a").tookMillis() + " vs " + runs.get("inj-b").tookMillis() + " ms");

    long c = targets.get("inj-c").answered();
    assertEquals(c, prometheus.scalar("sum(k6_http_reqs_total{testid=\"" + NATIVE + "\"})"), 0.0);
    assertEquals(c, prometheus.scalar(
        "sum(histogram_count(k6_http_req_duration_seconds{testid=\"" + NATIVE + "\"}))"), 0.0);

    long d = targets.get("inj-d").answered();
    assertEquals(d, victoria.scalar("sum(k6_http_reqs_total{testid=\"" + VM + "\"})"), 0.0);
  }

  @Test
  void statsDashboardHasDataInPrometheusAndVictoriaMetrics() throws Exception {
    for (String stat : List.of("p99", "p95", "min", "max")) {
      checkDashboard(prometheus, DashboardQueries.STATS, STATS, Map.of("$quantile_stat", stat));
      checkDashboard(victoria, DashboardQueries.STATS, VM, Map.of("$quantile_stat", stat));
    }
  }

  @Test
  void nativeHistogramDashboardHasData() throws Exception {
    checkDashboard(prometheus, DashboardQueries.NATIVE_HISTOGRAMS, NATIVE, Map.of("$quantile", "0.99"));
  }

  @Test
  void embeddedQueriesAreTheDashboardsQueries() throws Exception {
    Path shared = Path.of(System.getProperty("k6.dashboards", "../../shared/dashboards"));
    if (!Files.isDirectory(shared)) {
      return; // the dashboards live outside the repository; checked where they are available
    }
    assertEquals(exprs(shared.resolve("k6-prometheus.json")), DashboardQueries.STATS);
    assertEquals(exprs(shared.resolve("k6-prometheus-native-histograms.json")), DashboardQueries.NATIVE_HISTOGRAMS);
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

  private static void checkDashboard(MetricStore store, List<String> queries, String testid,
      Map<String, String> variables) throws Exception {
    Map<String, Integer> empty = new TreeMap<>();
    for (String q : queries) {
      String promql = q.replace("$testid", testid).replace("$__rate_interval", "1m");
      for (Map.Entry<String, String> v : variables.entrySet()) {
        promql = promql.replace(v.getKey(), v.getValue());
      }
      boolean notMeasured = NOT_MEASURED.stream().anyMatch(q::contains);
      List<JsonNode> result = store.query(promql);
      if (result.isEmpty() != notMeasured) {
        empty.put(promql, result.size());
      }
    }
    assertEquals(Map.of(), empty,
        "queries whose data (series count) contradicts what JMeter measures, " + variables);
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }
}
