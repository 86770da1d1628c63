package io.k6bridge.testplans.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A k6 output plug-in in a real Gatling run: the attach run also loads the Python recorder of
 * test-plans/src/test/plugins (the real xk6-output-plugin protocol over Debian's grpcio), which
 * writes every call and sample it gets. It gets exactly the samples the run's k6 JSON holds, which
 * GatlingReconciliationIT reconciles with simulation.log: every metric announced once, before its
 * samples, as k6's types; Init first, Stop last.
 */
class GatlingPluginIT {
  private static final Path K6_DIR = Paths.get(System.getProperty("k6.dir", "target"));
  private static final String VERSION = System.getProperty("gatling.version", "3.15.1");

  @Test
  void thePluginGetsEverySampleOfTheRun() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> calls = new ArrayList<>();
    for (String line :
        Files.readAllLines(K6_DIR.resolve("k6-" + VERSION + "-attach-plugin.jsonl"))) {
      calls.add(json.readTree(line));
    }
    assertEquals("Init", calls.get(0).path("call").asText());
    assertEquals("Start", calls.get(1).path("call").asText());
    assertEquals("Stop", calls.get(calls.size() - 1).path("call").asText());
    Set<String> announced = new HashSet<>();
    List<String> samples = new ArrayList<>();
    for (JsonNode c : calls) {
      switch (c.path("call").asText()) {
        case "AddMetrics" -> assertTrue(announced.add(c.path("name").asText()), c.toString());
        case "Sample" -> {
          assertTrue(announced.contains(c.path("metric").asText()), "announced first: " + c);
          samples.add(
              key(c.path("metric").asText(), c.path("value").asDouble(), tags(c.path("tags"))));
        }
        default -> {
          // Init, Start, AddSamples, Stop
        }
      }
    }
    K6Points k6 = K6Points.read(K6_DIR.resolve("k6-" + VERSION + "-attach.json"));
    List<String> expected =
        k6.points.stream().map(p -> key(p.metric(), p.value(), p.tags())).sorted().toList();
    assertTrue(k6.of("http_reqs").size() > 0);
    assertEquals(expected, samples.stream().sorted().collect(Collectors.toList()));
  }

  private static Map<String, String> tags(JsonNode n) {
    Map<String, String> tags = new TreeMap<>();
    n.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return tags;
  }

  private static String key(String metric, double value, Map<String, String> tags) {
    return metric + " " + value + " " + new TreeMap<>(tags);
  }
}
