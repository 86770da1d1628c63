package io.k6bridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.results.ResultsWriter;
import io.k6bridge.sink.Sink;
import io.k6bridge.text.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code merge --report}: injectors' timelines, recorded by their results writers with periods
 * aligned to the epoch, replayed as one dashboard's report whose periods hold the whole fleet.
 */
class FleetReportTest {
  private static final long T0 = 1_700_000_000_000L; // a multiple of the 10 s period
  private static final TagSet HOME =
      TagSet.builder().put("name", "home").put("group", "::shop").put("status", "200").build();

  @TempDir Path dir;

  /** An injector: per period, the request durations it measured; cut as the engine cuts. */
  private Path injector(String name, long firstCut, long[][] periods) throws IOException {
    ResultsWriter w =
        new ResultsWriter(
            dir.resolve(name + ".json"),
            Duration.ofSeconds(10),
            "shop.jmx",
            new ResultsWriter.TimelineShape(Duration.ofSeconds(10), List.of("group"), 1000));
    w.begin("JMeter", "shop.jmx", name, firstCut);
    io.k6bridge.registry.SeriesRegistry registry = new io.k6bridge.registry.SeriesRegistry();
    Sink[] reqs = w.sinksFor(registry.get(BuiltinMetrics.HTTP_REQS, HOME));
    Sink[] durations = w.sinksFor(registry.get(BuiltinMetrics.HTTP_REQ_DURATION, HOME));
    w.cut(firstCut);
    long now = firstCut;
    for (long[] period : periods) {
      for (long d : period) {
        for (Sink s : reqs) {
          s.add(now, 1);
        }
        for (Sink s : durations) {
          s.add(now, d);
        }
      }
      now = now - Math.floorMod(now, 10_000) + 10_000 + 300; // just after the next boundary
      w.cut(now);
    }
    w.write(now, true, Map.of());
    return dir.resolve(name + ".json");
  }

  @Test
  void theReportsPeriodsHoldTheWholeFleet() throws Exception {
    Path a = injector("a", T0 + 500, new long[][] {{100, 100, 100, 100, 100}, {200, 200, 200}});
    Path b = injector("b", T0 + 3_000, new long[][] {{300, 300}, {400, 400, 400, 400}});
    Path report = dir.resolve("fleet.html");
    assertEquals(0, merge("--report", report, a, b));

    List<Map<?, ?>> events = events(Files.readString(report));
    assertEquals("config", events.get(0).get("event"));
    TreeSet<String> names = new TreeSet<>(List.of("time"));
    List<Map<String, List<?>>> snapshots = new ArrayList<>();
    Map<String, List<?>> cumulative = null;
    for (Map<?, ?> e : events) {
      Object data = e.get("data");
      switch ((String) e.get("event")) {
        case "metric" -> ((Map<?, ?>) data).keySet().forEach(k -> names.add((String) k));
        case "snapshot" -> snapshots.add(columns(names, (List<?>) data));
        case "cumulative" -> cumulative = columns(names, (List<?>) data);
        default -> {}
      }
    }
    assertEquals(2, snapshots.size(), "one snapshot per aligned period of the fleet");
    assertEquals(7.0, at(snapshots.get(0), "http_reqs", 0), "a's 5 and b's 2");
    assertEquals(7.0, at(snapshots.get(1), "http_reqs", 0), "a's 3 and b's 4");
    assertEquals(7.0, at(snapshots.get(0), "http_reqs{group:::shop}", 0));
    // http_req_duration: avg, max, med, min, p(90), p(95), p(99)
    assertEquals(300, at(snapshots.get(0), "http_req_duration", 1), 1.5);
    assertEquals(200, at(snapshots.get(1), "http_req_duration", 3), 1.0);
    assertEquals(T0 + 10_000, at(snapshots.get(0), "time", 0));
    assertEquals(14.0, at(cumulative, "http_reqs", 0));
    assertEquals(400, at(cumulative, "http_req_duration", 1), 2.0);
  }

  @Test
  void aFleetWithManyChartLinesReplays() throws Exception {
    ResultsWriter w =
        new ResultsWriter(
            dir.resolve("many.json"),
            Duration.ofSeconds(10),
            "shop.jmx",
            new ResultsWriter.TimelineShape(Duration.ofSeconds(10), List.of("group"), 1000));
    w.begin("JMeter", "shop.jmx", "many", T0);
    io.k6bridge.registry.SeriesRegistry registry = new io.k6bridge.registry.SeriesRegistry();
    w.cut(T0);
    for (int g = 0; g < 100; g++) {
      for (Sink s :
          w.sinksFor(registry.get(BuiltinMetrics.HTTP_REQS, HOME.with("group", "::" + g)))) {
        s.add(T0, 1);
      }
    }
    w.write(T0 + 5_000, true, Map.of());
    Path report = dir.resolve("many.html");
    assertEquals(0, merge("--report", report, dir.resolve("many.json")));
    String last = "";
    for (Map<?, ?> e : events(Files.readString(report))) {
      if (e.get("event").equals("metric")) {
        last = String.valueOf(((Map<?, ?>) e.get("data")).keySet());
      }
    }
    assertTrue(last.contains("http_reqs{group:::99}"), last);
  }

  @Test
  void aReportNeedsATimeline() throws IOException {
    Path a = injector("a", T0 + 500, new long[][] {});
    Path report = dir.resolve("none.html");
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    int status =
        MergeCommand.run(
            new String[] {"merge", "--report", report.toString(), a.toString()},
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(said, true, StandardCharsets.UTF_8));
    assertEquals(104, status);
    assertTrue(said.toString(StandardCharsets.UTF_8).contains("hold no timeline"), said.toString());
    assertTrue(Files.notExists(report));
  }

  /** A snapshot's or cumulative's arrays by name: names in byte order, the clock among them. */
  private static Map<String, List<?>> columns(TreeSet<String> names, List<?> data) {
    Map<String, List<?>> out = new java.util.HashMap<>();
    List<String> order = new ArrayList<>(names);
    for (int i = 0; i < data.size(); i++) {
      out.put(order.get(i), (List<?>) data.get(i));
    }
    return out;
  }

  private static double at(Map<String, List<?>> columns, String name, int aggregate) {
    return (Double) columns.get(name).get(aggregate);
  }

  static List<Map<?, ?>> events(String html) throws IOException {
    String tag = "<script id=\"data\" type=\"application/json; charset=utf-8; gzip; base64\">";
    int at = html.indexOf(tag);
    assertTrue(at > 0, "the report carries its data");
    String b64 = html.substring(at + tag.length(), html.indexOf("</script>", at));
    String ndjson =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    List<Map<?, ?>> out = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      out.add((Map<?, ?>) JsonReader.parse(line));
    }
    return out;
  }

  private static int merge(Object... args) {
    String[] a = new String[args.length + 1];
    a[0] = "merge";
    for (int i = 0; i < args.length; i++) {
      a[i + 1] = args[i].toString();
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
    return MergeCommand.run(a, Map.of(), quiet, quiet);
  }
}
