package io.k6bridge.testplans.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The Point records of a k6 --out json file. */
final class K6Points {
  record Point(String metric, double value, Map<String, String> tags) {
    String tag(String name) {
      return tags.get(name);
    }
  }

  final List<Point> points = new ArrayList<>();

  static K6Points read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    K6Points k6 = new K6Points();
    for (String line : Files.readAllLines(file)) {
      JsonNode r = json.readTree(line);
      if (!"Point".equals(r.get("type").asText())) {
        continue;
      }
      Map<String, String> tags = new TreeMap<>();
      r.get("data")
          .get("tags")
          .fields()
          .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
      k6.points.add(
          new Point(r.get("metric").asText(), r.get("data").get("value").asDouble(), tags));
    }
    return k6;
  }

  List<Point> of(String metric) {
    return of(metric, p -> true);
  }

  List<Point> of(String metric, Predicate<Point> filter) {
    return points.stream().filter(p -> p.metric.equals(metric) && filter.test(p)).toList();
  }
}
