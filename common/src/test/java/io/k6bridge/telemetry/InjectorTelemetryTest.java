package io.k6bridge.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.ingest.SampleIngest;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectorTelemetryTest {
  @TempDir Path dir;

  private static final String HEADER =
      "Inter-|   Receive                                                |  Transmit\n"
          + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs"
          + " drop fifo colls carrier compressed\n";

  private static String netDev(long ethRx, long ethTx) {
    return HEADER
        + "    lo: 5000 50 0 0 0 0 0 0 5000 50 0 0 0 0 0 0\n"
        + "  eth0: "
        + ethRx
        + " 10 0 0 0 0 0 0 "
        + ethTx
        + " 12 0 0 0 0 0 0\n"
        + "  eth1: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n";
  }

  @Test
  void netDevSumsEveryInterfaceButLoopback() {
    NetDev.Totals t = NetDev.parse(List.of(netDev(1000, 3000).split("\n")));
    assertEquals(1100, t.received);
    assertEquals(3200, t.sent);
    assertNull(NetDev.parse(List.of(HEADER.split("\n"))));
    assertNull(NetDev.read(dir.resolve("missing")));
  }

  @Test
  void saturationNeedsTenSecondsInARowAtNinetyPercent() {
    Saturation s = new Saturation(Duration.ofSeconds(1));
    for (int i = 0; i < 9; i++) {
      s.reading(0.95);
    }
    s.reading(0.5); // the run is broken one reading short
    for (int i = 0; i < 9; i++) {
      s.reading(0.97);
    }
    assertFalse(s.saturated());
    assertNull(s.warning("inj"));
    s.reading(0.90);
    assertTrue(s.saturated());
    assertEquals(
        "WARNING: injector inj was saturated: CPU at or above 90% for 10 s in a row"
            + " (peak 97%); its timings may include its own queueing, treat these results as suspect",
        s.warning("inj"));
  }

  @Test
  void everyReadingCarriesTheRunTagsAndTheInjectorAndNetworkIsADelta() throws Exception {
    Path file = dir.resolve("net_dev");
    Files.writeString(file, netDev(1000, 3000));
    Path stat = dir.resolve("stat");
    Files.writeString(stat, CpuUseTest.procStat(100, 800, 20, 1, 7));
    MetricRegistry metrics = new MetricRegistry();
    SeriesRegistry series = new SeriesRegistry();
    InjectorTelemetry t =
        new InjectorTelemetry(
            metrics,
            series,
            TagSet.of(Map.of("testid", "run-1")),
            "inj-7",
            Duration.ofSeconds(1),
            new HealthProbe(file, stat));
    Files.writeString(file, netDev(1500, 3010));
    Files.writeString(stat, CpuUseTest.procStat(125, 870, 25, 1, 7));
    SampleIngest ingest = new SampleIngest(series, 64, 1024);
    t.sample(ingest.writer(), 42L);
    Map<String, Double> values = new TreeMap<>();
    ingest.drain(
        batch -> {
          for (int i = 0; i < batch.size(); i++) {
            Series s = batch.series(i);
            assertEquals(
                Map.of("testid", "run-1", "injector", "inj-7"), s.tags().asMap(), s.toString());
            assertEquals(42L, batch.timeNanos(i));
            values.put(s.metric().name(), batch.value(i));
          }
        });
    assertEquals(500.0, values.get(InjectorTelemetry.NET_RECEIVED));
    assertEquals(10.0, values.get(InjectorTelemetry.NET_SENT));
    assertTrue(values.get(InjectorTelemetry.HEAP_USED) > 0);
    assertTrue(
        values.get(InjectorTelemetry.HEAP_COMMITTED) >= values.get(InjectorTelemetry.HEAP_USED));
    assertTrue(values.get(InjectorTelemetry.THREADS) >= 1);
    assertTrue(values.get(InjectorTelemetry.GC_TIME) >= 0);
    assertEquals(MetricType.COUNTER, metrics.get(InjectorTelemetry.GC_TIME).type());
    assertEquals(ValueType.TIME, metrics.get(InjectorTelemetry.GC_TIME).contains());
    assertEquals(ValueType.DATA, metrics.get(InjectorTelemetry.NET_SENT).contains());
    assertEquals(MetricType.GAUGE, metrics.get(InjectorTelemetry.CPU_PROCESS).type());
    assertEquals(0.25, values.get(InjectorTelemetry.CPU_MACHINE), 1e-12);
    double process = values.get(InjectorTelemetry.CPU_PROCESS);
    assertTrue(process >= 0 && process <= 1, "process " + process);
  }

  /**
   * A JMeter engine's readings, sent to the controller: recorded under the engine's id, its first
   * counters the baseline (the engine's JVM may have run other tests before), then deltas; its
   * peaks and saturation in the summary beside the controller's own.
   */
  @Test
  void relayedReadingsAreRecordedUnderTheirInjector() {
    MetricRegistry metrics = new MetricRegistry();
    SeriesRegistry series = new SeriesRegistry();
    RunTelemetry run =
        RunTelemetry.create(
            metrics, series, TagSet.of(Map.of("testid", "t")), "controller", Duration.ofSeconds(1));
    SampleIngest ingest = new SampleIngest(series, 64, 4096);
    run.sample(ingest.writer(), 1, Map.of("e1:1099", reading(-1, 1000, 5000)));
    for (int i = 1; i <= 10; i++) {
      run.sample(ingest.writer(), 1 + i, Map.of("e1:1099", reading(0.95, 1000 + 4 * i, 5000 + i)));
    }
    run.sample(ingest.writer(), 12, Map.of()); // no reading arrived: nothing recorded for e1
    Map<String, Double> engineAt2 = new TreeMap<>();
    Map<String, Integer> engineReadings = new TreeMap<>();
    ingest.drain(
        batch -> {
          for (int i = 0; i < batch.size(); i++) {
            Series s = batch.series(i);
            if (!"e1:1099".equals(s.tags().asMap().get(InjectorTelemetry.INJECTOR_TAG))) {
              continue;
            }
            assertEquals("t", s.tags().asMap().get("testid"));
            engineReadings.merge(s.metric().name(), 1, Integer::sum);
            if (batch.timeNanos(i) == 2) {
              engineAt2.put(s.metric().name(), batch.value(i));
            }
          }
        });
    assertEquals(4.0, engineAt2.get(InjectorTelemetry.GC_TIME));
    assertEquals(1.0, engineAt2.get(InjectorTelemetry.NET_SENT));
    assertEquals(0.95, engineAt2.get(InjectorTelemetry.CPU_PROCESS));
    assertEquals(11, engineReadings.get(InjectorTelemetry.HEAP_USED), "one per reading");
    assertEquals(10, engineReadings.get(InjectorTelemetry.GC_TIME), "none for the first");
    assertEquals(10, engineReadings.get(InjectorTelemetry.CPU_PROCESS), "none when unknown");
    assertEquals(
        "cpu_peak 95% process, 95% machine; heap_peak 100 MB of 500 MB; gc_time 40 ms;"
            + " saturated yes: results are suspect",
        run.health().get("e1:1099"));
    assertTrue(run.health().containsKey("cpu_peak"), "the controller's own first");
    assertEquals(1, run.saturationWarnings().size());
    assertTrue(run.saturationWarnings().get(0).contains("injector e1:1099 was saturated"));
  }

  private static HealthReading reading(double cpu, long gcMillis, long net) {
    return new HealthReading(
        cpu, cpu, 100_000_000, 200_000_000, 500_000_000, gcMillis, 30, net, 2 * net);
  }

  @Test
  void aTickerHasAReadingWithoutCpuAtOnceAndHandsEachReadingOnce() {
    HealthTicker ticker = new HealthTicker();
    assertNull(ticker.take());
    ticker.start();
    try {
      HealthReading first = ticker.take();
      assertEquals(-1, first.cpuProcess());
      assertTrue(first.heapUsed() > 0 && first.threads() > 0);
      assertNull(ticker.take(), "taken");
    } finally {
      ticker.stop();
    }
  }

  @Test
  void intervalAcceptsOffAndZero() {
    assertEquals(Duration.ZERO, InjectorTelemetry.parseInterval("off"));
    assertEquals(Duration.ZERO, InjectorTelemetry.parseInterval("0"));
    assertEquals(Duration.ofMillis(500), InjectorTelemetry.parseInterval("500ms"));
  }
}
