package io.k6bridge.output.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.output.builtin.OpenFiles;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonOutputTest {
  @TempDir Path dir;
  private final List<DropCounter> drops = new CopyOnWriteArrayList<>();
  private final SeriesRegistry series = new SeriesRegistry();
  private final Series duration =
      series.get(BuiltinMetrics.HTTP_REQ_DURATION, TagSet.of(Map.of("status", "200")));
  private final Series reqs =
      series.get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("status", "200")));

  private Output create(String argument, Map<String, String> settings) {
    Config config = Config.builder().layer("environment", settings).build();
    return new JsonOutputFactory()
        .create(
            new BuiltinParams(
                "json", argument, config, SystemTags.DEFAULT, new MetricRegistry(), dir, drops));
  }

  private static ListBatch samples(Series s, int n) {
    ListBatch b = new ListBatch();
    for (int i = 0; i < n; i++) {
      b.add(s, 1_700_000_000_000_000_000L + i, i);
    }
    return b;
  }

  @Test
  void isRegisteredAsABuiltInService() {
    List<String> names =
        ServiceLoader.load(BuiltinOutputFactory.class).stream()
            .map(p -> p.get().name())
            .sorted()
            .collect(Collectors.toList());
    assertTrue(names.containsAll(List.of("csv", "json")), names.toString());
  }

  @Test
  void stopWritesEverythingBufferedAndClosesTheFile() throws Exception {
    Output out = create("results.json", Map.of());
    assertEquals("json (results.json)", out.description());
    out.start();
    out.addMetricSamples(samples(duration, 10_000));
    out.addMetricSamples(samples(reqs, 5_000));
    out.stop();
    List<String> lines = Files.readAllLines(dir.resolve("results.json"));
    assertEquals(2 + 15_000, lines.size());
    assertEquals(
        "{\"type\":\"Metric\",\"data\":{\"name\":\"http_req_duration\",\"type\":\"trend\",\"contains\":\"time\",\"thresholds\":[],\"submetrics\":[{\"name\":\"http_req_duration{expected_response:true}\",\"suffix\":\"expected_response:true\",\"tags\":{\"expected_response\":\"true\"}}]},\"metric\":\"http_req_duration\"}",
        lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"metric\":\"http_req_duration\",\"type\":\"Point\""));
    assertEquals(
        "{\"type\":\"Metric\",\"data\":{\"name\":\"http_reqs\",\"type\":\"counter\",\"contains\":\"default\",\"thresholds\":[],\"submetrics\":null},\"metric\":\"http_reqs\"}",
        lines.get(10_001));
    assertEquals(0, OpenFiles.to(dir.resolve("results.json")));
  }

  @Test
  void metricRecordPrecedesFirstPointAcrossFlushes() throws Exception {
    Path file = dir.resolve("r.json");
    Output out = create("r.json", Map.of());
    out.start();
    out.addMetricSamples(samples(duration, 3));
    long waitUntil = System.nanoTime() + 10_000_000_000L; // a 200 ms flush, generously
    while (Files.size(file) == 0 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
    out.addMetricSamples(samples(reqs, 2).add(duration, 5, 5));
    out.stop();
    List<String> lines = Files.readAllLines(file);
    assertEquals(2 + 6, lines.size());
    assertEquals(
        1, lines.stream().filter(l -> l.contains("\"name\":\"http_req_duration\"")).count());
    assertEquals(1, lines.stream().filter(l -> l.contains("\"name\":\"http_reqs\"")).count());
    assertTrue(lines.get(0).startsWith("{\"type\":\"Metric\""));
    assertTrue(lines.get(4).startsWith("{\"type\":\"Metric\",\"data\":{\"name\":\"http_reqs\""));
  }

  @Test
  void gzipRoundTrip() throws Exception {
    Output out = create("results.json.gz", Map.of());
    out.start();
    out.addMetricSamples(samples(reqs, 1000));
    out.stop();
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(dir.resolve("results.json.gz")))) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      assertEquals(1001, lines.length);
      assertTrue(lines[1000].contains("\"value\":999,"));
    }
    assertEquals(0, OpenFiles.to(dir.resolve("results.json.gz")));
  }

  @Test
  void createsMissingDirectories() throws Exception {
    Output out = create("results/run-1/k6.json", Map.of());
    out.start();
    out.addMetricSamples(samples(reqs, 3));
    out.stop();
    assertEquals(1 + 3, Files.readAllLines(dir.resolve("results/run-1/k6.json")).size());
  }

  @Test
  void gzipFileIsReadableBeforeStop() throws Exception {
    Path file = dir.resolve("live.json.gz");
    Output out = create("live.json.gz", Map.of());
    out.start();
    out.addMetricSamples(samples(reqs, 100));
    String text = "";
    long waitUntil = System.nanoTime() + 10_000_000_000L; // a 200 ms flush, generously
    while (!text.contains("\"value\":99,") && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
      text = readUnfinishedGzip(file);
    }
    out.stop();
    assertEquals(101, text.split("\n").length, "a killed run keeps everything flushed so far");
  }

  /** Reads a gzip stream that has no trailer yet, as zcat does for a file still being written. */
  private static String readUnfinishedGzip(Path file) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
      }
    } catch (java.io.EOFException expected) {
      // No trailer yet: what was read so far is complete up to the last sync flush.
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void countsSamplesPastTheBufferBound() throws Exception {
    Output out = create("small.json", Map.of("K6BRIDGE_BUFFER_SAMPLES", "4"));
    out.addMetricSamples(samples(reqs, 10)); // before start: nothing flushes yet
    out.start();
    out.stop();
    assertEquals(1 + 4, Files.readAllLines(dir.resolve("small.json")).size());
    assertEquals(6, drops.stream().mapToLong(DropCounter::count).sum());
  }

  @Test
  void noArgumentOrDashWritesToStandardOutput() throws Exception {
    for (String arg : List.of("", "-")) {
      PrintStream original = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        Output out = create(arg, Map.of());
        assertEquals("json(stdout)", out.description());
        out.start();
        out.addMetricSamples(samples(reqs, 2));
        out.stop();
      } finally {
        System.setOut(original);
      }
      assertEquals(3, captured.toString(StandardCharsets.UTF_8).split("\n").length);
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(0, files.count());
      }
    }
  }
}
