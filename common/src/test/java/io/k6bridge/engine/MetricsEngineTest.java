package io.k6bridge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.engine.CapturingOutputFactory.CapturingOutput;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.results.ResultsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class MetricsEngineTest {
  @TempDir Path dir;

  private MetricsEngine engine(Map<String, String> environment) {
    // The injector's own series would add samples to every count below; they have their own tests.
    Config config =
        Config.builder()
            .layer("test defaults", Map.of("K6BRIDGE_TELEMETRY_INTERVAL", "off"))
            .layer("environment", environment)
            .build();
    return MetricsEngine.create(config, new MetricRegistry(), dir);
  }

  private ConfigException rejected(String key, String value) {
    return assertThrows(ConfigException.class, () -> engine(Map.of(key, value)));
  }

  private static void assertMentions(ConfigException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void unknownOutputNamesKeyValueSourceAndTheKnownOutputs() {
    ConfigException e = rejected("K6_OUT", "nope=x.out");
    assertEquals("K6_OUT", e.key());
    assertMentions(e, "K6_OUT", "'nope=x.out'", "environment", "'nope'", "test-capture");
  }

  @Test
  void badRunTagsAreRejected() {
    ConfigException e = rejected("K6_TAGS", "testid=1,lonely");
    assertEquals("K6_TAGS", e.key());
    assertMentions(e, "K6_TAGS", "'testid=1,lonely'", "environment", "'lonely'", "name=value");
  }

  @Test
  void unknownSystemTagIsRejected() {
    ConfigException e = rejected("K6_SYSTEM_TAGS", "status,colour");
    assertEquals("K6_SYSTEM_TAGS", e.key());
    assertMentions(
        e, "K6_SYSTEM_TAGS", "'status,colour'", "environment", "colour", "expected_response");
  }

  @Test
  void badStopTimeoutIsRejected() {
    ConfigException e = rejected("K6BRIDGE_STOP_TIMEOUT", "soon");
    assertEquals("K6BRIDGE_STOP_TIMEOUT", e.key());
    assertMentions(e, "K6BRIDGE_STOP_TIMEOUT", "'soon'", "environment", "a duration such as");
  }

  @Test
  void badBufferSizeIsRejected() {
    ConfigException e = rejected("K6BRIDGE_BUFFER_SAMPLES", "0");
    assertMentions(e, "K6BRIDGE_BUFFER_SAMPLES", "'0'", "environment", "greater than 0");
  }

  @Test
  void reportsThatCouldNotBeWrittenFailBeforeLoadNotAfterIt() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
    java.nio.file.Files.createDirectories(dir.resolve("locked"));
    dir.resolve("locked").toFile().setWritable(false);
    List<String> bads = new ArrayList<>(List.of("a-file/summary.json", "."));
    if (!java.nio.file.Files.isWritable(dir.resolve("locked"))) {
      bads.add("locked/deeper/s.json"); // root writes anywhere: then only the others can fail
    }
    for (String key :
        List.of(
            "K6_SUMMARY_EXPORT",
            "K6BRIDGE_SUMMARY_JSON",
            "K6_WEB_DASHBOARD_EXPORT",
            "K6_WEB_DASHBOARD_RECORD")) {
      for (String bad : bads) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(key, bad));
        if (key.startsWith("K6_WEB")) {
          env.put("K6_OUT", "web-dashboard=port=-1");
        }
        ConfigException e = assertThrows(ConfigException.class, () -> engine(env), key + bad);
        assertEquals(key, e.key());
        assertMentions(
            e,
            "invalid " + key + "='" + bad + "' from environment (",
            "accepted is a file in a writable directory");
      }
    }
  }

  @Test
  void twoOutputsMayNotWriteOneFile() {
    ConfigException e = rejected("K6_OUT", "json=out/k6.json,csv=fileName=out/../out/k6.json");
    assertEquals("K6_OUT", e.key());
    assertMentions(e, "k6.json", "also written by K6_OUT");
    ConfigException summary =
        assertThrows(
            ConfigException.class,
            () -> engine(Map.of("K6_OUT", "json=s.json", "K6_SUMMARY_EXPORT", "s.json")));
    assertMentions(summary, "also written by K6_SUMMARY_EXPORT");
    ConfigException directory = rejected("K6_OUT", "json=" + dir);
    assertMentions(directory, "is a directory");
  }

  @Test
  void runTagsAndSystemTagsAreParsed() {
    MetricsEngine e =
        engine(Map.of("K6_TAGS", "testid=run-42, env = staging", "K6_SYSTEM_TAGS", "status,url"));
    assertEquals(Map.of("env", "staging", "testid", "run-42"), e.runTags().asMap());
    assertEquals(Set.of("status", "url"), e.systemTags().enabled());
  }

  @Test
  void everyRecordedSampleReachesEveryOutputExactlyOnceInPerThreadOrder() throws Exception {
    MetricsEngine engine = engine(Map.of("K6_OUT", "test-capture=all-a,test-capture=all-b"));
    engine.start();
    int threads = 4;
    int perThread = 50_000;
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Series s =
          engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.builder().put("t", "" + t).build());
      Thread p =
          new Thread(
              () -> {
                SampleWriter w = engine.writer();
                for (int i = 0; i < perThread; i++) {
                  w.record(s, 1_000L + i, i);
                }
              });
      producers.add(p);
      p.start();
    }
    for (Thread p : producers) {
      p.join();
    }
    RunReport report = engine.stop();
    assertEquals(Map.of(), report.drops());
    assertEquals(List.of(), report.failures());
    assertEquals((long) threads * perThread, report.samples());
    for (String id : List.of("all-a", "all-b")) {
      CapturingOutput o = CapturingOutputFactory.CREATED.get(id);
      assertTrue(o.started && o.stopped, id);
      assertEquals(threads * perThread, o.values.size(), id);
      int[] next = new int[threads];
      for (int i = 0; i < o.values.size(); i++) {
        int t = Integer.parseInt(o.series.get(i).tags().get("t"));
        assertEquals(next[t], o.values.get(i), id + " thread " + t);
        assertEquals(1_000L + next[t], o.times.get(i), id + " thread " + t);
        next[t]++;
      }
      assertEquals(Set.of("k6bridge-engine"), o.addThreads);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"throwing", "erroring"})
  void anOutputThatThrowsLosesOnlyItsOwnSamplesAndTheLossIsReported(String kind) throws Exception {
    MetricsEngine engine =
        engine(Map.of("K6_OUT", "test-capture=" + kind + "-1,test-capture=beside-" + kind));
    engine.start();
    Series s = engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY);
    SampleWriter w = engine.writer();
    for (int i = 0; i < 1234; i++) {
      w.record(s, i, 1);
      if (i == 600) {
        Thread.sleep(200); // let the engine deliver some batches before the rest
      }
    }
    RunReport report = engine.stop();
    assertEquals(1234, CapturingOutputFactory.CREATED.get("beside-" + kind).values.size());
    assertEquals(
        Map.of("test-capture=" + kind + "-1: output threw while accepting samples", 1234L),
        report.drops());
    assertEquals(1234, report.totalDropped());
    assertEquals(1234, report.samples());
  }

  @Test
  void anAggregatingOutputIsFedThroughTheSharedPassAndAFileOutputByBatches() throws Exception {
    MetricsEngine engine = engine(Map.of("K6_OUT", "test-routed=r,test-capture=beside-routed"));
    engine.start();
    Series a = engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("name", "a")));
    Series b = engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("name", "b")));
    SampleWriter w = engine.writer();
    for (int i = 0; i < 3000; i++) {
      w.record(i % 3 == 0 ? b : a, i, 2);
    }
    RunReport report = engine.stop();

    RoutedOutputFactory.RoutedOutput routed = RoutedOutputFactory.CREATED.get("r");
    assertEquals(4000, routed.sinks.get(a).sum());
    assertEquals(2000, routed.sinks.get(b).sum());
    assertEquals(3000, routed.touchedSamples.get());
    assertEquals(0, routed.batchesHanded.get(), "its samples reach it through its sinks only");
    assertEquals(3000, CapturingOutputFactory.CREATED.get("beside-routed").values.size());
    assertEquals(3000, report.samples());
    assertEquals(Map.of(), report.drops());
  }

  @Test
  void anAggregatingOutputThatThrowsIsCutOffAndTheSummaryAndOtherOutputsGetEverySample()
      throws Exception {
    Path export = dir.resolve("summary.json");
    MetricsEngine engine =
        engine(
            Map.of(
                "K6_OUT",
                "test-routed=before,test-routed=throw-after-3,test-routed=after,"
                    + "test-capture=beside-broken",
                "K6_SUMMARY_EXPORT",
                export.toString()));
    engine.start();
    List<Series> series = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      series.add(engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("name", "s" + n))));
    }
    SampleWriter w = engine.writer();
    for (int i = 0; i < 5000; i++) {
      w.record(series.get(i % 10), i, 1);
      if (i == 2000) {
        Thread.sleep(200); // the failure comes in one batch, later batches find it cut off
      }
    }
    RunReport report = engine.stop();

    for (String ok : List.of("before", "after")) {
      RoutedOutputFactory.RoutedOutput o = RoutedOutputFactory.CREATED.get(ok);
      assertEquals(10, o.sinks.size(), ok);
      o.sinks.values().forEach(sink -> assertEquals(500, sink.sum(), ok));
    }
    assertEquals(5000, CapturingOutputFactory.CREATED.get("beside-broken").values.size());
    assertTrue(
        java.nio.file.Files.readString(export).contains("\"count\": 5000"),
        "the summary counts every request");
    assertEquals(
        Map.of("test-routed=throw-after-3: failed while aggregating", 5000L - 3),
        report.drops(),
        "every sample after the failure is counted as lost to it");
    assertEquals(1, report.failures().size());
    assertTrue(
        report
            .failures()
            .get(0)
            .startsWith(
                "test-routed=throw-after-3: failed while"
                    + " aggregating: java.lang.ArrayIndexOutOfBoundsException"),
        report.failures().get(0));
  }

  @Test
  void aDrainStillAddingAtTheStopDeadlineIsNeverRacedByTheSummary() throws Exception {
    MetricsEngine engine =
        engine(Map.of("K6_OUT", "test-routed=hang", "K6BRIDGE_STOP_TIMEOUT", "300ms"));
    engine.start();
    Series s = engine.series().get(BuiltinMetrics.HTTP_REQ_DURATION, TagSet.EMPTY);
    engine.writer().record(s, 1, 5);
    assertTrue(RoutedOutputFactory.HANG_ENTERED.await(10, java.util.concurrent.TimeUnit.SECONDS));
    try {
      long start = System.nanoTime();
      RunReport report = engine.stop();
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMillis < 300 + 2_000 + 1_000, "bounded: " + tookMillis + " ms");
      assertEquals("", report.summary(), "nothing read from aggregates still being added to");
      assertTrue(
          report
              .failures()
              .contains(
                  "end-of-test summary and thresholds: not evaluated,"
                      + " since the engine thread is still adding samples to them (a consumer hangs)"),
          report.failures().toString());
    } finally {
      RoutedOutputFactory.HANG_RELEASE.countDown();
    }
  }

  @Test
  void anOutputWhoseStopHangsIsAbandonedAtTheStopTimeout() throws Exception {
    MetricsEngine engine =
        engine(
            Map.of(
                "K6_OUT", "test-capture=hanging-1,test-capture=beside-hanging",
                "K6BRIDGE_STOP_TIMEOUT", "300ms"));
    engine.start();
    CapturingOutput hanging = CapturingOutputFactory.CREATED.get("hanging-1");
    try {
      long start = System.nanoTime();
      RunReport report = engine.stop();
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMillis >= 250 && tookMillis < 3_000, "stop took " + tookMillis + " ms");
      assertEquals(
          List.of("test-capture=hanging-1: stop did not finish within PT0.3S"), report.failures());
      assertTrue(CapturingOutputFactory.CREATED.get("beside-hanging").stopped);
      assertTrue(!hanging.stopped);
    } finally {
      hanging.releaseStop.countDown();
    }
  }

  @Test
  void periodicTasksRunOnTheEngineThreadAndTheirSamplesAreDelivered() throws Exception {
    MetricsEngine engine = engine(Map.of("K6_OUT", "test-capture=periodic"));
    Series vus = engine.series().get(BuiltinMetrics.VUS, TagSet.EMPTY);
    Set<String> taskThreads = ConcurrentHashMap.newKeySet();
    AtomicInteger runs = new AtomicInteger();
    engine.every(
        Duration.ofMillis(20),
        () -> {
          taskThreads.add(Thread.currentThread().getName());
          engine
              .writer()
              .record(vus, System.currentTimeMillis() * 1_000_000, runs.incrementAndGet());
        });
    engine.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (runs.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    RunReport report = engine.stop();
    assertTrue(runs.get() >= 3, "ran " + runs.get() + " times");
    assertEquals(Set.of("k6bridge-engine"), taskThreads);
    CapturingOutput o = CapturingOutputFactory.CREATED.get("periodic");
    // Every value the task recorded was delivered, in order.
    List<Double> expected = new ArrayList<>();
    for (int i = 1; i <= runs.get(); i++) {
      expected.add((double) i);
    }
    assertEquals(expected, o.values);
    assertEquals(runs.get(), report.samples());
  }

  /** A tool with {@code users} threads that never stops early and owns no exit status. */
  private record TestHost(LongSupplier users) implements RunHost {
    TestHost(long users) {
      this(() -> users);
    }

    @Override
    public String tool() {
      return "test";
    }

    @Override
    public String plan() {
      return "plan.jmx";
    }

    @Override
    public long activeUsers() {
      return users.getAsLong();
    }

    @Override
    public long maxUsers() {
      return users.getAsLong();
    }

    @Override
    public void stopGracefully(String reason) {}

    @Override
    public boolean ownsExitStatus() {
      return false;
    }
  }

  @Test
  void theResultsFileIsRewrittenDuringTheRunAndCompletedAtItsEnd() throws Exception {
    Path file = dir.resolve("results/injector.json");
    MetricsEngine engine =
        engine(
            Map.of(
                "K6BRIDGE_RESULTS", file.toString(),
                "K6BRIDGE_RESULTS_INTERVAL", "50ms",
                "K6BRIDGE_INJECTOR", "injector-1"));
    Series reqs = engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("name", "a")));
    engine.start(new TestHost(3));
    engine.writer().record(reqs, System.currentTimeMillis() * 1_000_000, 1);
    // What an injector that dies now leaves behind: a usable file, marked as not ended.
    ResultsFile.Results during = null;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        during = ResultsFile.decode(Files.readString(file));
        if (!during.series().isEmpty()) {
          break;
        }
      }
      Thread.sleep(10);
    }
    assertTrue(during != null && !during.meta().complete(), "no file written during the run");
    assertEquals("plan.jmx", during.meta().testId());
    assertEquals("injector-1", during.meta().injector());
    engine.writer().record(reqs, System.currentTimeMillis() * 1_000_000, 1);
    engine.stop();
    ResultsFile.Results end = ResultsFile.decode(Files.readString(file));
    assertTrue(end.meta().complete());
    double sum = 0;
    for (ResultsFile.SeriesResult s : end.series()) {
      if (s.metric().equals("http_reqs")) {
        sum += ((io.k6bridge.sink.CounterSink) s.sink()).sum();
      }
      if (s.metric().equals("vus_max")) {
        assertEquals(3, ((io.k6bridge.sink.GaugeSink) s.sink()).max());
      }
    }
    assertEquals(2, sum);
    assertFalse(Files.exists(file.resolveSibling("injector.json.tmp")));
  }

  @Test
  void thePeakOfUsersIsRecordedOnceMoreAtStop() throws Exception {
    Path file = dir.resolve("results/peak.json");
    MetricsEngine engine = engine(Map.of("K6BRIDGE_RESULTS", file.toString()));
    java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
    AtomicInteger asked = new AtomicInteger();
    engine.start(
        new TestHost(
            () -> {
              asked.incrementAndGet();
              return peak.get();
            }));
    // A distributed run's engines whose results all arrive after the last one-second tick.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (asked.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5); // the first tick (vus, then vus_max) recorded 0; the next is 1 s away
    }
    peak.set(7);
    engine.stop();
    double max = 0;
    for (ResultsFile.SeriesResult s : ResultsFile.decode(Files.readString(file)).series()) {
      if (s.metric().equals("vus_max")) {
        max = ((io.k6bridge.sink.GaugeSink) s.sink()).max();
      }
    }
    assertEquals(7, max);
  }

  @Test
  void aTaskThatThrowsKeepsRunningAndDoesNotStopTheEngine() throws Exception {
    MetricsEngine engine = engine(Map.of("K6_OUT", "test-capture=after-throwing-task"));
    AtomicInteger runs = new AtomicInteger();
    engine.every(
        Duration.ofMillis(10),
        () -> {
          runs.incrementAndGet();
          throw new IllegalStateException("task failure");
        });
    engine.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (runs.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Series s = engine.series().get(BuiltinMetrics.ITERATIONS, TagSet.EMPTY);
    engine.writer().record(s, 1, 1);
    engine.stop();
    assertTrue(runs.get() >= 3, "ran " + runs.get() + " times");
    assertEquals(1, CapturingOutputFactory.CREATED.get("after-throwing-task").values.size());
  }

  @Test
  void abortCallbackFiresOnceAndOnlyAfterDelayAbortEval() throws Exception {
    MetricsEngine engine =
        engine(
            Map.of(
                "K6_THRESHOLDS",
                "{\"http_req_failed\":[{\"threshold\":"
                    + "\"rate<0.5\",\"abortOnFail\":true,\"delayAbortEval\":\"1s\"}]}",
                "K6_SUMMARY_MODE",
                "disabled"));
    List<Long> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
    engine.onAbort(
        reason -> {
          calls.add(System.nanoTime());
          reasons.add(reason);
        });
    Series failed = engine.series().get(BuiltinMetrics.HTTP_REQ_FAILED, TagSet.EMPTY);
    engine.start();
    long started = System.nanoTime();
    // Failing from the first evaluation (at start, then every 2 s): the delay holds it off.
    engine.writer().record(failed, System.currentTimeMillis() * 1_000_000L, 1);
    while (calls.isEmpty() && System.nanoTime() - started < 10_000_000_000L) {
      Thread.sleep(20);
    }
    Thread.sleep(2_500); // one more evaluation, still failing: no second call
    RunReport report = engine.stop();
    assertEquals(1, calls.size(), "abort callback calls");
    assertTrue(
        calls.get(0) - started >= 1_000_000_000L,
        "aborted " + (calls.get(0) - started) / 1e6 + " ms into the run, before delayAbortEval");
    assertEquals(
        List.of(
            "thresholds on metrics 'http_req_failed' were crossed; at least one has"
                + " abortOnFail enabled, stopping test prematurely"),
        reasons);
    assertEquals(List.of("http_req_failed"), report.breachedThresholds());
  }
}
