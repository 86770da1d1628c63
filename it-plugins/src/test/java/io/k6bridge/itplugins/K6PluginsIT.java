package io.k6bridge.itplugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k6 output plug-ins (xk6-output-plugin) in real headless JMeter runs: a Python plug-in serving the
 * real protocol with Debian's grpcio, on stubs it generates from the protocol's output.proto,
 * records every call and sample. One run has two of them beside json, one on TCP (as the Python and
 * JavaScript SDKs serve) and one on a Unix socket with the Go form of the handshake line, which
 * also streams a log line over go-plugin's GRPCStdio; another has one that exits during the run,
 * one that never shakes hands and one that hangs in AddSamples.
 */
class K6PluginsIT {
  private static final int DURATION = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path OUT = JMeterRun.OUT;
  private static JMeterRun working;
  private static JMeterRun failing;

  @BeforeAll
  static void run() throws Exception {
    Files.createDirectories(OUT);
    working =
        JMeterRun.run(
            "k6-plugins",
            0,
            DURATION,
            Map.of(
                "K6_OUT",
                "json="
                    + OUT.resolve("k6-plugins.json")
                    + ","
                    + plugin("tcp", "")
                    + ","
                    + plugin("unix", "unix"),
                "K6_THRESHOLDS",
                "{\"http_req_duration\":[\"p(95)<60000\"],"
                    + "\"http_req_duration{status:200}\":[\"max<60000\"]}"));
    failing =
        JMeterRun.run(
            "k6-plugins-failing",
            103,
            DURATION,
            Map.of(
                "K6_OUT",
                plugin("exits", "exit-after-samples")
                    + ",json="
                    + OUT.resolve("k6-plugins-failing.json")
                    + ","
                    + plugin("silent", "no-handshake")
                    + ","
                    + plugin("hangs", "hang-samples"),
                "K6BRIDGE_PLUGIN_START_TIMEOUT",
                "3s",
                "K6BRIDGE_PLUGIN_CALL_TIMEOUT",
                "2s",
                "K6BRIDGE_EVENTS",
                OUT.resolve("k6-plugins-failing-events.jsonl").toString()));
  }

  /**
   * {@code plugin=OUT/xk6-output-plugin-NAME.py PROTO OUT/NAME.jsonl MODE}: the recorder under its
   * own name (a link), so its log lines and losses say which one.
   */
  private static String plugin(String name, String mode) throws Exception {
    Path link = OUT.resolve("xk6-output-plugin-" + name + ".py");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of(System.getProperty("k6.recorder")).toAbsolutePath());
    Files.deleteIfExists(OUT.resolve(name + ".jsonl"));
    return "plugin="
        + link
        + " "
        + Path.of(System.getProperty("k6.recorder.proto")).toAbsolutePath()
        + " "
        + OUT.resolve(name + ".jsonl")
        + " "
        + mode;
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  /** Per metric of a k6 JSON file: its points' count and the sum of their values. */
  private static Map<String, List<Double>> jsonPoints(Path file, Map<String, String> types)
      throws Exception {
    Map<String, List<Double>> out = new TreeMap<>();
    for (JsonNode n : lines(file)) {
      if (n.path("type").asText().equals("Point")) {
        out.computeIfAbsent(n.path("metric").asText(), k -> new ArrayList<>(List.of(0.0, 0.0)));
        List<Double> v = out.get(n.path("metric").asText());
        v.set(0, v.get(0) + 1);
        v.set(1, v.get(1) + n.path("data").path("value").asDouble());
      } else if (types != null) {
        types.put(
            n.path("metric").asText(),
            n.path("data").path("type").asText() + "/" + n.path("data").path("contains").asText());
      }
    }
    return out;
  }

  /** The same from a recorder's file. */
  private static Map<String, List<Double>> recorded(List<JsonNode> calls) {
    Map<String, List<Double>> out = new TreeMap<>();
    for (JsonNode c : calls) {
      if (c.path("call").asText().equals("Sample")) {
        List<Double> v =
            out.computeIfAbsent(c.path("metric").asText(), k -> new ArrayList<>(List.of(0.0, 0.0)));
        v.set(0, v.get(0) + 1);
        v.set(1, v.get(1) + c.path("value").asDouble());
      }
    }
    return out;
  }

  @Test
  void eachPluginGetsExactlyWhatTheJsonOutputWrites() throws Exception {
    Map<String, String> jsonTypes = new HashMap<>();
    Map<String, List<Double>> json = jsonPoints(OUT.resolve("k6-plugins.json"), jsonTypes);
    assertEquals(working.answered(), json.get("http_reqs").get(0).longValue(), "json vs target");
    for (String plugin : List.of("tcp", "unix")) {
      List<JsonNode> calls = lines(OUT.resolve(plugin + ".jsonl"));
      Map<String, List<Double>> got = recorded(calls);
      assertEquals(json.keySet(), got.keySet(), plugin + ": the same metrics");
      json.forEach(
          (metric, v) -> {
            assertEquals(v.get(0), got.get(metric).get(0), plugin + ": " + metric + " samples");
            assertEquals(
                v.get(1),
                got.get(metric).get(1),
                1e-6 * Math.abs(v.get(1)),
                plugin + ": " + metric + " sum");
          });
      assertEquals("Init", calls.get(0).path("call").asText());
      assertEquals("Start", calls.get(1).path("call").asText());
      assertEquals("Stop", calls.get(calls.size() - 1).path("call").asText(), "Stop last");
      Map<String, Integer> announced = new HashMap<>();
      for (int i = 0; i < calls.size(); i++) {
        JsonNode c = calls.get(i);
        String metric = c.path("name").asText(c.path("metric").asText());
        if (c.path("call").asText().equals("AddMetrics")) {
          assertTrue(announced.put(metric, i) == null, plugin + ": " + metric + " announced once");
          String k6 = jsonTypes.get(metric);
          assertEquals(
              k6.toUpperCase(),
              c.path("type").asText() + "/" + c.path("contains").asText(),
              plugin + ": " + metric + "'s type and value type, as k6's");
          if (metric.equals("http_req_duration")) {
            assertEquals("[\"p(95)<60000\"]", c.path("thresholds").toString());
            List<String> submetrics = new ArrayList<>();
            c.path("submetrics").forEach(m -> submetrics.add(m.path("name").asText()));
            assertEquals(
                List.of(
                    "http_req_duration{status:200}", "http_req_duration{expected_response:true}"),
                submetrics);
          }
        } else if (c.path("call").asText().equals("Sample")) {
          assertTrue(
              announced.containsKey(metric),
              plugin + ": " + metric + " announced before its samples");
        }
      }
      List<Long> jsonTimes = new ArrayList<>();
      for (JsonNode n : lines(OUT.resolve("k6-plugins.json"))) {
        if (n.path("metric").asText().equals("http_reqs")
            && n.path("type").asText().equals("Point")) {
          jsonTimes.add(
              OffsetDateTime.parse(n.path("data").path("time").asText())
                  .toInstant()
                  .toEpochMilli());
        }
      }
      List<Long> times = new ArrayList<>();
      calls.stream()
          .filter(c -> c.path("metric").asText().equals("http_reqs"))
          .forEach(c -> times.add(c.path("time").asLong()));
      jsonTimes.sort(null);
      times.sort(null);
      assertEquals(jsonTimes, times, plugin + ": each request's time, in ms");
    }
    String log = Files.readString(OUT.resolve("k6-plugins.log"));
    assertTrue(
        log.contains("INFO i.k.o.plugin: k6bridge: plugin=tcp.py: init"), "its log in JMeter's");
    assertTrue(
        log.contains("INFO i.k.o.plugin: k6bridge: plugin=unix.py: hello over grpc stdio"),
        "a line streamed over go-plugin's GRPCStdio, in JMeter's log");
  }

  @Test
  void pluginsThatExitHangOrNeverStartNeitherStopNorSlowTheTestNorCostOthersData()
      throws Exception {
    Map<String, List<Double>> json = jsonPoints(OUT.resolve("k6-plugins-failing.json"), null);
    assertEquals(failing.answered(), json.get("http_reqs").get(0).longValue(), "json lost nothing");
    assertTrue(
        failing.tookMillis() < (DURATION + 45) * 1000L,
        "the run ended on time: " + failing.tookMillis() + " ms");
    String console = failing.console();
    String log = Files.readString(OUT.resolve("k6-plugins-failing.log"));
    for (String expected :
        List.of(
            "plugin exits.py: exited with status 3 during the test; its last words:",
            "leaving on purpose",
            "plugin silent.py: could not start: printed no handshake line within 3 s",
            "plugin=hangs.py: AddSamples failed",
            "plugin output (exits.py): not delivered",
            "plugin output (silent.py): not delivered",
            "plugin output (hangs.py): not delivered")) {
      assertTrue(
          console.contains(expected)
              || Files.readString(OUT.resolve("k6-plugins-failing.log")).contains(expected),
          expected + "\n" + console);
    }
    String events = Files.readString(OUT.resolve("k6-plugins-failing-events.jsonl"));
    assertTrue(events.contains("\"event\":\"output_failed\""), events);
    assertTrue(events.contains("\"event\":\"samples_dropped\""), events);
    long exitsGot =
        recorded(lines(OUT.resolve("exits.jsonl")))
            .getOrDefault("http_reqs", List.of(0.0, 0.0))
            .get(0)
            .longValue();
    assertTrue(
        exitsGot > 0 && exitsGot < failing.answered(),
        "exits.py took some before it left: " + exitsGot);
  }
}
