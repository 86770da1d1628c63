package io.k6bridge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.k6plugin.MisbehavingOutputFactory;
import com.example.k6plugin.MisbehavingOutputFactory.Plugin;
import io.k6bridge.config.Config;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.MetricRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PluginIsolationTest {
  @TempDir Path dir;

  private MetricsEngine engine(Map<String, String> environment) {
    Config config =
        Config.builder()
            .layer("test defaults", Map.of("K6BRIDGE_TELEMETRY_INTERVAL", "off"))
            .layer("environment", environment)
            .build();
    return MetricsEngine.create(config, new MetricRegistry(), dir);
  }

  private static void record(MetricsEngine engine, int n) throws InterruptedException {
    Series s = engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY);
    SampleWriter w = engine.writer();
    for (int i = 0; i < n; i++) {
      w.record(s, i, 1);
      if (i % 1000 == 0) {
        Thread.sleep(100); // several batches, none over the ingest bound of the hanging test
      }
    }
  }

  @Test
  void aHangingPluginNeitherStallsTheOthersNorTheStopAndItsLossIsCounted() throws Exception {
    MetricsEngine engine =
        engine(
            Map.of(
                "K6_OUT", "test-plugin=hang,test-capture=beside-hang-plugin",
                "K6BRIDGE_BUFFER_SAMPLES", "4096",
                "K6BRIDGE_STOP_TIMEOUT", "500ms"));
    engine.start();
    Plugin hang = MisbehavingOutputFactory.CREATED.get("hang");
    try {
      record(engine, 20_000);
      long start = System.nanoTime();
      RunReport report = engine.stop();
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMillis < 5_000, "stop took " + tookMillis + " ms");
      assertEquals(
          20_000,
          CapturingOutputFactory.CREATED.get("beside-hang-plugin").values.size(),
          report.drops().toString());
      assertEquals(
          List.of("test-plugin=hang: stop did not finish within PT0.5S"), report.failures());
      // The hung call holds the first batch, the buffer at most 4096 more; the rest overflowed.
      long overflow =
          report
              .drops()
              .get("test-plugin=hang: plug-in slower than samples arrive, its buffer was full");
      assertTrue(
          overflow >= 20_000 - 4096 - 1001 && overflow <= 20_000 - 4096, "overflow " + overflow);
      // What the hung plug-in still held at the deadline, in its call and its buffer, is counted
      // too: nothing it received was delivered, so every sample is in one count or the other.
      long abandoned =
          report
              .drops()
              .get("test-plugin=hang: still in the plug-in's buffer or call at the stop deadline");
      assertEquals(20_000, overflow + abandoned, report.drops().toString());
      assertEquals(2, report.drops().size(), report.drops().toString());
      assertEquals(20_000, report.totalDropped());
      assertEquals("k6bridge-output-test-plugin", hang.addThread);
    } finally {
      hang.release.countDown();
    }
  }

  @Test
  void aThrowingPluginLosesOnlyItsOwnSamples() throws Exception {
    MetricsEngine engine =
        engine(Map.of("K6_OUT", "test-plugin=throw,test-capture=beside-throw-plugin"));
    engine.start();
    record(engine, 3000);
    RunReport report = engine.stop();
    assertEquals(3000, CapturingOutputFactory.CREATED.get("beside-throw-plugin").values.size());
    assertEquals(
        Map.of("test-plugin=throw: output threw while accepting samples", 3000L), report.drops());
    assertEquals(
        List.of("test-plugin=throw: output threw while accepting samples"),
        report.failures(),
        "named at the end, where it makes the exit status");
    assertTrue(MisbehavingOutputFactory.CREATED.get("throw").stopped);
  }

  @Test
  void aPluginMayStopTheTestAndIsToldWhyAtStop() throws Exception {
    MetricsEngine engine = engine(Map.of("K6_OUT", "test-plugin=stopper"));
    List<String> aborts = new CopyOnWriteArrayList<>();
    engine.onAbort(aborts::add);
    engine.start();
    record(engine, 100);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (aborts.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    record(engine, 100);
    engine.stop();
    String reason = "output test-plugin=stopper asked to stop the test: the destination says stop";
    assertEquals(List.of(reason), aborts);
    Plugin p = MisbehavingOutputFactory.CREATED.get("stopper");
    assertEquals(200, p.received.get());
    assertEquals(reason, p.testError.getMessage());
  }

  @Test
  void aRunThatWasNotAbortedStopsWithoutATestError() throws Exception {
    MetricsEngine engine = engine(Map.of("K6_OUT", "test-plugin=quiet"));
    engine.start();
    record(engine, 10);
    engine.stop();
    Plugin p = MisbehavingOutputFactory.CREATED.get("quiet");
    assertTrue(p.stopped);
    assertNull(p.testError);
    assertEquals(10, p.received.get());
    assertFalse(p.routed, "a plug-in's sink router is not used: it gets batches on its own thread");
  }

  @Test
  void aPlugInFromAPackageOfOursStillRunsIsolated() throws Exception {
    MetricsEngine engine = engine(Map.of("K6_OUT", "test-capture-plugin=ours-plugin"));
    engine.start();
    record(engine, 100);
    engine.stop();
    CapturingOutputFactory.CapturingOutput o = CapturingOutputFactory.CREATED.get("ours-plugin");
    assertEquals(100, o.values.size());
    assertFalse(
        o.addThreads.contains("k6bridge-engine"),
        "registered as a plug-in, it gets batches on its own thread: " + o.addThreads);
  }
}
