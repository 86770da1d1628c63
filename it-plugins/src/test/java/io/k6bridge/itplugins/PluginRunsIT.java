package io.k6bridge.itplugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real headless JMeter 5.6.3 runs with the shaded k6bridge jar, the example Java plug-in and this
 * module's misbehaving plug-ins in lib/ext:
 *
 * <ul>
 *   <li>"examples": json, the Python example through exec, and the Java example, side by side, with
 *       lifecycle events and telemetry;
 *   <li>"misbehaving": json beside a plug-in that hangs and one that throws.
 * </ul>
 *
 * Each run loads its own loopback target, so what the outputs say compares with what it answered.
 */
class PluginRunsIT {
  private static final int DURATION = 12;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path OUT = JMeterRun.OUT;
  private static final Map<String, Long> answered = new LinkedHashMap<>();
  private static final Map<String, String> consoles = new LinkedHashMap<>();

  @BeforeAll
  static void run() throws Exception {
    Files.createDirectories(OUT);
    Path jar = Path.of(System.getProperty("k6.misbehaving.jar"));
    Files.copy(
        jar,
        JMeterRun.home().resolve("lib/ext/" + jar.getFileName()),
        StandardCopyOption.REPLACE_EXISTING);
    String python = Path.of(System.getProperty("k6.python.example")).toAbsolutePath().toString();
    run(
        "examples",
        0,
        Map.of(
            "K6_OUT",
            "json="
                + OUT.resolve("examples.json")
                + ",exec=python3 "
                + python
                + " "
                + OUT.resolve("python-counts.json")
                + ",metric-counts="
                + OUT.resolve("java-counts.properties"),
            "K6BRIDGE_EVENTS",
            OUT.resolve("examples-events.jsonl").toString(),
            "K6BRIDGE_INJECTOR",
            "inj-examples"));
    // Plug-ins that hang and throw are failed outputs: listed under the summary, exit 103.
    run(
        "misbehaving",
        103,
        Map.of(
            "K6_OUT",
            "misbehaving=hang,json=" + OUT.resolve("misbehaving.json") + ",misbehaving=throw",
            "K6BRIDGE_STOP_TIMEOUT",
            "5s",
            "K6BRIDGE_EVENTS",
            OUT.resolve("misbehaving-events.jsonl").toString()));
  }

  private static void run(String name, int exitStatus, Map<String, String> settings)
      throws Exception {
    JMeterRun r = JMeterRun.run(name, exitStatus, DURATION, settings);
    answered.put(name, r.answered());
    consoles.put(name, r.console());
  }

  @AfterAll
  static void keepConsoles() {
    consoles.forEach(
        (name, text) ->
            System.out.println(
                "--- "
                    + name
                    + " console tail:\n"
                    + text.substring(Math.max(0, text.length() - 2000))));
  }

  /** Points per metric in a k6 JSON file, and the lines themselves. */
  private static Map<String, Long> points(Path file, List<JsonNode> lines) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode n = JSON.readTree(line);
      lines.add(n);
      if (n.path("type").asText().equals("Point")) {
        counts.merge(n.path("metric").asText(), 1L, Long::sum);
      }
    }
    return counts;
  }

  @Test
  void bothExamplePluginsReceiveExactlyWhatTheJsonOutputWrote() throws Exception {
    Map<String, Long> json = points(OUT.resolve("examples.json"), new ArrayList<>());
    assertEquals(answered.get("examples"), json.get("http_reqs"), "http_reqs vs target");
    JsonNode python = JSON.readTree(OUT.resolve("python-counts.json").toFile());
    Map<String, Long> fromPython = new TreeMap<>();
    python
        .path("counts")
        .fields()
        .forEachRemaining(e -> fromPython.put(e.getKey(), e.getValue().asLong()));
    assertEquals(json, fromPython);
    assertEquals("counter", python.path("types").path("http_reqs").asText());
    Properties java = new Properties();
    java.load(new StringReader(Files.readString(OUT.resolve("java-counts.properties"))));
    Map<String, Long> fromJava = new TreeMap<>();
    for (String k : java.stringPropertyNames()) {
      if (k.endsWith(".count")) {
        fromJava.put(k.substring(0, k.length() - 6), Long.parseLong(java.getProperty(k)));
      }
    }
    assertEquals(json, fromJava);
    assertEquals("", java.getProperty("test.error"));
    assertTrue(consoles.get("examples").contains("count_metrics.py: "), consoles.get("examples"));
  }

  @Test
  void telemetryAndLifecycleSeriesCarryTheInjector() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    Map<String, Long> json = points(OUT.resolve("examples.json"), lines);
    for (String m :
        List.of(
            "k6bridge_injector_cpu_process",
            "k6bridge_injector_cpu_machine",
            "k6bridge_injector_heap_used",
            "k6bridge_injector_heap_committed",
            "k6bridge_injector_gc_time",
            "k6bridge_injector_threads")) {
      // One reading a second over the run, give or take the start and the stop.
      assertTrue(json.getOrDefault(m, 0L) >= DURATION - 3, m + ": " + json.get(m));
    }
    List<String> lifecycle = new ArrayList<>();
    for (JsonNode n : lines) {
      String metric = n.path("metric").asText();
      JsonNode tags = n.path("data").path("tags");
      if (n.path("type").asText().equals("Point") && metric.startsWith("k6bridge_")) {
        assertEquals("inj-examples", tags.path("injector").asText(), n.toString());
        assertEquals("it-plugins-examples", tags.path("testid").asText(), n.toString());
      }
      if (metric.equals("k6bridge_test_lifecycle") && n.path("type").asText().equals("Point")) {
        lifecycle.add(tags.path("event").asText());
      }
      if (metric.equals("k6bridge_injector_threads") && n.path("type").asText().equals("Point")) {
        assertTrue(n.path("data").path("value").asDouble() >= 10, n.toString());
      }
    }
    assertEquals(List.of("start", "stop"), lifecycle);
  }

  @Test
  void lifecycleEventsNameThePlanTheRoleAndTheInjector() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(OUT.resolve("examples-events.jsonl"))) {
      events.add(JSON.readTree(line));
    }
    List<String> names = new ArrayList<>();
    for (JsonNode e : events) {
      names.add(e.path("event").asText());
      assertEquals("it-plugins-examples", e.path("testid").asText());
      assertEquals("plugins.jmx", e.path("plan").asText());
      assertEquals("inj-examples", e.path("injector").asText());
      assertEquals("standalone", e.path("role").asText());
      assertTrue(e.path("time").asText().endsWith("Z"), e.toString());
    }
    assertEquals(List.of("test_start", "test_stop"), names);
    JsonNode stop = events.get(1).path("data");
    assertEquals(0, stop.path("dropped").asLong());
    assertTrue(stop.path("samples").asLong() > answered.get("examples"), stop.toString());
  }

  @Test
  void aHangingAndAThrowingPluginNeitherStopTheTestNorCostTheOthersData() throws Exception {
    Map<String, Long> json = points(OUT.resolve("misbehaving.json"), new ArrayList<>());
    assertEquals(answered.get("misbehaving"), json.get("http_reqs"), "http_reqs vs target");
    assertTrue(answered.get("misbehaving") > 50, "requests " + answered.get("misbehaving"));
    List<String> names = new ArrayList<>();
    JsonNode stop = null;
    for (String line : Files.readAllLines(OUT.resolve("misbehaving-events.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      names.add(e.path("event").asText());
      if (e.path("event").asText().equals("test_stop")) {
        stop = e.path("data");
      }
    }
    assertEquals("test_stop", names.get(names.size() - 1), names.toString());
    assertTrue(names.contains("samples_dropped"), names.toString());
    assertTrue(
        stop.path("failures")
            .toString()
            .contains("misbehaving=hang: stop did not finish within PT5S"),
        stop.toString());
    String console = consoles.get("misbehaving");
    assertTrue(
        console.contains("k6bridge: outputs failed, their results are incomplete or" + " missing:"),
        console);
    assertTrue(
        console.contains("✗ misbehaving=throw: output threw while accepting samples"), console);
    assertTrue(console.contains("✗ misbehaving=hang: stop did not finish within PT5S"), console);
  }
}
