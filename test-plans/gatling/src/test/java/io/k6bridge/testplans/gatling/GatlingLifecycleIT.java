package io.k6bridge.testplans.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.gatling.K6Points.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The injector's telemetry and the run's lifecycle, from the real gatling:test runs of the attach
 * line and of the javaagent: k6bridge_injector_* and k6bridge_test_lifecycle series in the k6 JSON,
 * carrying the injector and the run tags; test_start and test_stop events naming the simulation,
 * the injector, the role and the time.
 */
class GatlingLifecycleIT {
  private static final Path K6_DIR = Paths.get(System.getProperty("k6.dir", "target"));
  private static final String VERSION = System.getProperty("gatling.version", "3.15.1");
  private static final List<String> TELEMETRY =
      List.of(
          "k6bridge_injector_cpu_process",
          "k6bridge_injector_cpu_machine",
          "k6bridge_injector_heap_used",
          "k6bridge_injector_heap_committed",
          "k6bridge_injector_gc_time",
          "k6bridge_injector_threads");

  @ParameterizedTest
  @CsvSource({"attach, AttachSimulation", "agent, AgentSimulation"})
  void telemetryAndLifecycleSeriesCarryTheInjector(String mode, String simulation)
      throws Exception {
    K6Points k6 = K6Points.read(K6_DIR.resolve("k6-" + VERSION + "-" + mode + ".json"));
    for (String m : TELEMETRY) {
      // One reading at start, then one a second: the runs have about 4 s of load.
      assertTrue(k6.of(m).size() >= 3, m + ": " + k6.of(m).size());
      for (Point p : k6.of(m)) {
        assertEquals("gatling-" + mode, p.tag("injector"), p.toString());
        assertEquals("gatling-it", p.tag("testid"), p.toString());
      }
    }
    List<String> lifecycle =
        k6.of("k6bridge_test_lifecycle").stream().map(p -> p.tag("event")).toList();
    assertEquals(List.of("start", "stop"), lifecycle);
  }

  @ParameterizedTest
  @CsvSource({"attach, AttachSimulation", "agent, AgentSimulation"})
  void lifecycleEventsNameTheSimulation(String mode, String simulation) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line :
        Files.readAllLines(K6_DIR.resolve("k6-" + VERSION + "-" + mode + "-events.jsonl"))) {
      JsonNode e = json.readTree(line);
      if (e.path("event").asText().equals("test_start")) {
        events.clear(); // the file is appended to: keep the last run's
      }
      events.add(e);
    }
    List<String> names = events.stream().map(e -> e.path("event").asText()).toList();
    // The gatling.conf gate (http_reqs count>0) passes: nothing else happens.
    assertEquals(List.of("test_start", "test_stop"), names);
    for (JsonNode e : events) {
      assertEquals("gatling-it", e.path("testid").asText(), e.toString());
      assertEquals(
          "io.k6bridge.testplans.gatling." + simulation, e.path("plan").asText(), e.toString());
      assertEquals("gatling-" + mode, e.path("injector").asText(), e.toString());
      assertEquals("standalone", e.path("role").asText(), e.toString());
      assertTrue(e.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), e.toString());
    }
    JsonNode stop = events.get(1).path("data");
    assertEquals(0, stop.path("dropped").asLong(), stop.toString());
    assertTrue(stop.path("samples").asLong() > 0, stop.toString());
    List<String> outputs =
        new java.util.ArrayList<>(
            List.of("json (" + K6_DIR.resolve("k6-" + VERSION + "-" + mode + ".json") + ")"));
    if (mode.equals("attach")) {
      outputs.add("plugin (recorder.py)"); // GatlingPluginIT's
    }
    assertEquals(
        outputs,
        json.convertValue(events.get(0).path("data").path("outputs"), List.class),
        events.get(0).toString());
  }
}
