package io.k6bridge.itprometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.MetricStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two real JMeter injectors and one real Gatling injector write into one real InfluxDB 1.x database
 * at once, with {@code K6_OUT=influxdb}: every request is a point of its own (none overwrites
 * another, though JMeter stamps in milliseconds), each injector's total equals what its target
 * answered, and every query of k6's "k6 Load Testing Results" dashboard (grafana.com 2587) answers,
 * except those for what the tools do not measure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InfluxDbIT {
  private static final int DURATION = 12;
  private static final String DB = "k6";
  private static final List<String> JMETER = List.of("influx-jmeter-a", "influx-jmeter-b");

  /** Writes through a {@link FaultProxy}: 500s, 429s, a stalled connection, InfluxDB gone. */
  private static final String FAULTED = "influx-faulted";

  private static final String GATLING = "influx-gatling";

  /** Writes InfluxDB 2's way (organization, bucket, token) to VictoriaMetrics' /api/v2/write. */
  private static final String V2 = "influx-v2";

  private static final String TOKEN = "tok-influx-v2-secret";

  /** Measurements no tool here writes: phases JMeter and Gatling do not measure, k6's "errors". */
  private static final Set<String> NOT_MEASURED =
      Set.of("errors", "http_req_blocked", "http_req_looking_up", "http_req_sending");

  /**
   * Measured, but on loopback almost always under JMeter's millisecond resolution: the dashboard's
   * {@code value > 0} queries may find nothing for them.
   */
  private static final Set<String> SUB_MILLISECOND =
      Set.of("http_req_connecting", "http_req_receiving");

  private final Map<String, CountingTarget> targets = new LinkedHashMap<>();
  private InfluxDbServer influx;
  private MetricStore victoria;
  private JMeterRun v2;
  private FaultProxy proxy;
  private final Map<String, JMeterRun> jmeterRuns = new LinkedHashMap<>();

  @BeforeAll
  void run() throws Exception {
    influx = InfluxDbServer.start();
    victoria = MetricStore.victoriaMetrics();
    Path build = Path.of(System.getProperty("k6.target", "target"));
    Path plan = Path.of(System.getProperty("k6.plan", "src/test/jmeter/remote-write.jmx"));
    for (String name : JMETER) {
      targets.put(name, new CountingTarget());
    }
    targets.put(GATLING, new CountingTarget());
    targets.put(V2, new CountingTarget());
    targets.put(FAULTED, new CountingTarget());
    // Seconds after the faulted injector's first request (CREATE DATABASE, at its start).
    proxy =
        new FaultProxy(influx.url())
            .at(2, 3, FaultProxy.Mode.ERROR_500)
            .at(3, 4, FaultProxy.Mode.TOO_MANY_429)
            .at(4, 5, FaultProxy.Mode.STALL)
            .downAt(6, 9);
    GatlingRun gatling = GatlingRun.start(GATLING, build, settings(GATLING));
    List<JMeterRun> jmeter = new ArrayList<>();
    for (String name : JMETER) {
      jmeterRuns.put(name, JMeterRun.start(name, build, plan, settings(name)));
    }
    Map<String, String> faulted = settings(FAULTED);
    faulted.put("K6_OUT", "influxdb=" + proxy.base() + "/" + DB);
    jmeterRuns.put(FAULTED, JMeterRun.start(FAULTED, build, plan, faulted));
    jmeter.addAll(jmeterRuns.values());
    Map<String, String> v2Settings = settings(V2);
    v2Settings.put("K6_OUT", "influxdb");
    v2Settings.put("K6_INFLUXDB_ADDR", "http://127.0.0.1:" + victoria.port());
    v2Settings.put("K6_INFLUXDB_ORGANIZATION", "k6bridge");
    v2Settings.put("K6_INFLUXDB_BUCKET", "k6");
    v2 =
        JMeterRun.start(V2, build, plan, v2Settings, Map.of("K6_INFLUXDB_TOKEN", TOKEN), List.of());
    jmeter.add(v2);
    for (JMeterRun r : jmeter) {
      r.await(DURATION + 60);
    }
    gatling.await(DURATION + 60);
  }

  private Map<String, String> settings(String injector) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("target.port", Integer.toString(targets.get(injector).port()));
    p.put("duration", Integer.toString(DURATION));
    p.put("K6_OUT", "influxdb=" + influx.url() + "/" + DB);
    p.put("K6_INFLUXDB_PUSH_INTERVAL", "500ms");
    p.put("K6BRIDGE_INJECTOR", injector);
    return p;
  }

  @AfterAll
  void stop() throws Exception {
    for (CountingTarget t : targets.values()) {
      t.close();
    }
    if (influx != null) {
      influx.close();
    }
    if (victoria != null) {
      victoria.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void everyRequestIsAPointOfItsOwnAndEachInjectorsTotalIsExact() throws Exception {
    long all = 0;
    for (Map.Entry<String, CountingTarget> t : targets.entrySet()) {
      if (t.getKey().equals(V2)) {
        continue;
      }
      long answered = t.getValue().answered();
      assertTrue(answered > 50, t.getKey() + ": " + answered);
      String where = " WHERE \"injector\" = '" + t.getKey() + "'";
      assertEquals(
          answered,
          influx.scalar(DB, "SELECT sum(\"value\") FROM \"http_reqs\"" + where),
          0.0,
          t.getKey() + ": the dashboard's sum");
      assertEquals(
          answered,
          influx.scalar(DB, "SELECT count(\"value\") FROM \"http_reqs\"" + where),
          0.0,
          t.getKey() + ": one point per request, none overwritten");
      all += answered;
    }
    assertEquals(all, influx.scalar(DB, "SELECT sum(\"value\") FROM \"http_reqs\""), 0.0);
    assertEquals(
        all,
        influx.scalar(DB, "SELECT count(\"value\") FROM \"http_req_duration\""),
        0.0,
        "every request's duration, three injectors writing at once");
  }

  @Test
  void everyDashboardQueryAnswersButForWhatTheToolsDoNotMeasure() throws Exception {
    JsonNode dashboard;
    try (InputStream in =
        getClass().getResourceAsStream("/dashboards/k6-load-testing-results.json")) {
      dashboard = new ObjectMapper().readTree(in);
    }
    List<String> measurements = new ArrayList<>();
    dashboard.path("measurementVariable").forEach(m -> measurements.add(m.asText()));
    List<String> empty = new ArrayList<>();
    int asked = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      boolean repeated = panel.path("title").asText().contains("$Measurement");
      for (JsonNode target : panel.path("targets")) {
        for (String m : repeated ? measurements : List.of("")) {
          String q = query(target).replace("$Measurement", m);
          String measurement = repeated ? m : target.path("measurement").asText();
          q = q.replace("$timeFilter", "time > now() - 1h").replace("$__interval", "1s");
          asked++;
          boolean answered = !influx.query(DB, q).isMissingNode();
          boolean optional =
              NOT_MEASURED.contains(measurement)
                  || (SUB_MILLISECOND.contains(measurement) && q.contains("value > 0"));
          if (NOT_MEASURED.contains(measurement)) {
            assertFalse(answered, "nothing invents " + measurement + ": " + q);
          } else if (!answered && !optional) {
            empty.add(panel.path("title").asText().replace("$Measurement", m) + ": " + q);
          }
        }
      }
    }
    assertTrue(asked > 60, asked + " queries");
    assertEquals(List.of(), empty, "panels without data");
  }

  @Test
  void faultsCostNeitherPointsNorTime() throws Exception {
    assertTrue(proxy.faulted.get() > 0, "the proxy misbehaved: " + proxy.faulted.get());
    long faulted = targets.get(FAULTED).answered();
    long clean = targets.get(JMETER.get(0)).answered();
    assertTrue(faulted > clean * 0.9, "the load did not slow: " + faulted + " vs " + clean);
    long took = jmeterRuns.get(FAULTED).tookMillis() - jmeterRuns.get(JMETER.get(0)).tookMillis();
    assertTrue(Math.abs(took) < 10_000, "the run ended on time: " + took + " ms apart");
    String log = jmeterRuns.get(FAULTED).logText();
    assertTrue(log.contains("retrying with backoff"), "said once: " + log.length());
    assertTrue(log.contains("samples delivered, none dropped"), "nothing lost");
  }

  @Test
  void influxDb2sWritePathDeliversEveryPointWithItsTags() throws Exception {
    long answered = targets.get(V2).answered();
    assertTrue(answered > 50, "requests: " + answered);
    // VictoriaMetrics names a line protocol field <measurement>_<field> and keeps tags as labels.
    assertEquals(
        answered,
        victoria.settledScalar(
            "sum(count_over_time(http_reqs_value{injector=\"" + V2 + "\"}[1h]))",
            answered,
            java.time.Duration.ofSeconds(10)),
        0.0);
    assertEquals(
        answered,
        victoria.scalar("sum(sum_over_time(http_reqs_value{name=~\".+\",status=~\".+\"}[1h]))"),
        0.0,
        "every point carries k6's tags");
    assertFalse(v2.logText().contains(TOKEN), "the token never reaches the log");
  }

  /** A target's InfluxQL: its raw query, or what Grafana's query builder makes of it. */
  private static String query(JsonNode target) {
    if (target.has("query")) {
      return target.path("query").asText();
    }
    StringBuilder q =
        new StringBuilder("SELECT ")
            .append(target.path("select").asText())
            .append("(\"value\") FROM \"")
            .append(target.path("measurement").asText())
            .append("\" WHERE $timeFilter GROUP BY time($__interval)");
    target.path("groupByTags").forEach(t -> q.append(", \"").append(t.asText()).append('"'));
    return q.append(" fill(").append(target.path("fill").asText()).append(')').toString();
  }
}
