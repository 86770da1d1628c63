package io.k6bridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.results.ResultsFile;
import io.k6bridge.results.ResultsFile.Meta;
import io.k6bridge.results.ResultsFile.SeriesResult;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.TrendSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeCommandTest {
  @TempDir Path dir;

  private final TrendSink allDurations = new TrendSink();
  private final Random random = new Random(7);

  private static final TagSet OK =
      TagSet.builder()
          .put("name", "home")
          .put("status", "200")
          .put("expected_response", "true")
          .put("group", "")
          .put("scenario", "shop")
          .build();

  /** One injector's file: {@code requests} requests, {@code failed} of them with status 500. */
  private Path injector(String name, long end, int requests, int failed, int vus)
      throws IOException {
    TrendSink ok = new TrendSink();
    TrendSink bad = new TrendSink();
    for (int i = 0; i < requests; i++) {
      double v = Math.floor(Math.exp(random.nextGaussian() + 4));
      (i < failed ? bad : ok).add(v);
      allDurations.add(v);
    }
    TagSet error = OK.with("status", "500").with("expected_response", "false");
    CounterSink reqsOk = new CounterSink();
    reqsOk.add(0, requests - failed);
    CounterSink reqsBad = new CounterSink();
    reqsBad.add(0, failed);
    List<SeriesResult> series = new ArrayList<>();
    series.add(s("http_reqs", MetricType.COUNTER, ValueType.DEFAULT, OK, reqsOk));
    series.add(s("http_reqs", MetricType.COUNTER, ValueType.DEFAULT, error, reqsBad));
    series.add(s("http_req_duration", MetricType.TREND, ValueType.TIME, OK, ok));
    series.add(s("http_req_duration", MetricType.TREND, ValueType.TIME, error, bad));
    series.add(
        s(
            "http_req_failed",
            MetricType.RATE,
            ValueType.DEFAULT,
            error,
            RateSink.restore(failed, failed)));
    series.add(
        s(
            "http_req_failed",
            MetricType.RATE,
            ValueType.DEFAULT,
            OK,
            RateSink.restore(0, requests - failed)));
    series.add(
        s(
            "checks",
            MetricType.RATE,
            ValueType.DEFAULT,
            OK.with("check", "is 200"),
            RateSink.restore(requests - failed, requests)));
    TagSet run = TagSet.EMPTY;
    series.add(s("vus", MetricType.GAUGE, ValueType.DEFAULT, run, GaugeSink.restore(0, 0, vus)));
    series.add(
        s("vus_max", MetricType.GAUGE, ValueType.DEFAULT, run, GaugeSink.restore(vus, 0, vus)));
    Path f = dir.resolve(name + ".json");
    Files.writeString(
        f,
        ResultsFile.encode(
            new Meta(
                "shop.jmx",
                name,
                "JMeter",
                1_000,
                end,
                true,
                new java.util.TreeMap<>(
                    Map.of(
                        "cpu_peak",
                        name.equals("c") ? "95% process, 99% machine" : "10% process, 20% machine",
                        "saturated",
                        name.equals("c") ? "yes: results are suspect" : "no"))),
            series,
            ResultsFile.Timeline.EMPTY));
    return f;
  }

  private static SeriesResult s(
      String m, MetricType t, ValueType v, TagSet tags, io.k6bridge.sink.Sink sink) {
    return new SeriesResult(m, t, v, tags, sink);
  }

  private record Run(int status, String out, String err) {}

  private Run merge(Object... args) {
    String[] a = new String[args.length + 1];
    a[0] = "merge";
    for (int i = 0; i < args.length; i++) {
      a[i + 1] = args[i].toString();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        MergeCommand.run(
            a,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String export(Object... args) throws IOException {
    Path file = dir.resolve("export-" + System.nanoTime() + ".json");
    List<Object> all = new ArrayList<>(List.of("--summary-export", file));
    all.addAll(List.of(args));
    Run r = merge(all.toArray());
    assertEquals(0, r.status(), r.err());
    return Files.readString(file);
  }

  @Test
  void theFleetIsOneRunWhateverTheOrderOrGrouping() throws IOException {
    Path a = injector("a", 60_000, 1000, 10, 5);
    Path b = injector("b", 61_000, 2000, 0, 7);
    Path c = injector("c", 59_000, 500, 50, 3);
    String abc = export(a, b, c);
    assertEquals(abc, export(c, a, b), "the order of the files");
    Path ab = dir.resolve("ab.json");
    assertEquals(0, merge("--results", ab, a, b).status());
    assertEquals(abc, export(ab, c), "a merged pair merged with the third");
    assertTrue(abc.contains("\"count\": 3500") || abc.contains("\"count\":3500"), abc);

    FleetMerge.Fleet fleet =
        FleetMerge.merge(MergeCommand.read(List.of(a, b, c), false), "", false);
    TrendSink merged = (TrendSink) fleet.aggregates().sink("http_req_duration");
    io.k6bridge.results.ResultsFileTest.assertSameTrend(allDurations, merged);
    GaugeSink vusMax = (GaugeSink) fleet.aggregates().sink("vus_max");
    assertEquals(15, vusMax.max(), "the fleet's vus_max is the injectors' summed");
    assertEquals(java.time.Duration.ofMillis(60_000), fleet.testRun());
  }

  @Test
  void thresholdsAreJudgedOverTheFleet() throws IOException {
    Path a = injector("a", 60_000, 1000, 0, 5);
    Path b = injector("b", 60_000, 1000, 100, 5);
    // 100 of 2000 requests failed: 5 % over the fleet, 0 % and 10 % on the injectors alone.
    Run pass = merge("--thresholds", "{\"http_req_failed\":[\"rate<0.06\"]}", a, b);
    assertEquals(0, pass.status(), pass.err() + pass.out());
    assertTrue(pass.out().contains("✓ 'rate<0.06' rate=5.00%"), pass.out());
    assertTrue(pass.out().contains("2 injectors merged (a, b)"), pass.out());
    assertTrue(
        pass.out()
            .contains(
                "  █ INJECTORS \n\n"
                    + "    a...: cpu_peak 10% process, 20% machine · saturated no\n"
                    + "    b...: cpu_peak 10% process, 20% machine · saturated no\n"),
        pass.out());
    Path thresholds = dir.resolve("t.json");
    Files.writeString(thresholds, "{\"http_req_failed\":[\"rate<0.04\"]}");
    Run fail = merge("--thresholds", "@" + thresholds, a, b);
    assertEquals(99, fail.status());
    assertTrue(fail.out().contains("✗ 'rate<0.04' rate=5.00%"), fail.out());
  }

  @Test
  void badInputIsRefusedNamingTheFileAndNothingIsWritten() throws IOException {
    Path a = injector("a", 60_000, 10, 0, 1);
    Path export = dir.resolve("export.json");
    Path truncated = dir.resolve("truncated.json");
    String text = Files.readString(a);
    Files.writeString(truncated, text.substring(0, text.length() - 10));
    Path other = dir.resolve("other.json");
    Files.writeString(other, text.replace("shop.jmx", "other.jmx"));
    Path v2 = dir.resolve("v2.json");
    Files.writeString(v2, text.replace("\"version\":1", "\"version\":2"));
    Path jtl = dir.resolve("results.jtl");
    Files.writeString(jtl, "timeStamp,elapsed,label\n");

    assertRefused(
        truncated + ": not a complete JSON document", "--summary-export", export, a, truncated);
    assertRefused(jtl + ": not a complete JSON document", "--summary-export", export, jtl);
    assertRefused(v2 + ": results format version 2.0", "--summary-export", export, a, v2);
    assertRefused(
        other + ": test 'other.jmx', while " + a + " is test 'shop.jmx'",
        "--summary-export",
        export,
        a,
        other);
    assertRefused(dir.resolve("missing.json") + ": cannot read it", a, dir.resolve("missing.json"));
    assertRefused("unknown option --out", "--out", "x", a);
    assertRefused("no results files given", "--summary-mode", "full");
    assertRefused("K6_SUMMARY_MODE", "--summary-mode", "loud", a);
    assertRefused("invalid K6_THRESHOLDS", "--thresholds", "{\"nope\":[\"rate<1\"]}", a);
    assertFalse(Files.exists(export), "nothing is written when the input is bad");
    assertEquals(0, merge("--allow-mixed", a, other).status());
  }

  private void assertRefused(String message, Object... args) {
    Run r = merge(args);
    assertEquals(104, r.status(), r.err());
    assertTrue(r.err().contains(message), r.err());
  }
}
