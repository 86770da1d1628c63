package io.k6bridge.output.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.engine.RunReport;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.MetricRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExecOutputTest {
  @TempDir Path dir;

  private MetricsEngine engine(String out, String... more) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "K6_OUT",
                out,
                "K6BRIDGE_TELEMETRY_INTERVAL",
                "off",
                "K6_SUMMARY_MODE",
                "disabled"));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return MetricsEngine.create(
        Config.builder().layer("environment", env).build(), new MetricRegistry(), dir);
  }

  private static void record(MetricsEngine engine, int n) {
    Series s =
        engine
            .series()
            .get(
                BuiltinMetrics.HTTP_REQ_DURATION,
                TagSet.of(Map.of("name", "a \"quoted\" name", "status", "200")));
    for (int i = 0; i < n; i++) {
      engine.writer().record(s, 1_700_000_000_000_000_000L + i, i / 7.0);
    }
  }

  @Test
  void theProcessReadsExactlyTheLinesTheJsonOutputWrites() throws Exception {
    MetricsEngine engine = engine("json=direct.json,exec=sh -c 'cat > piped.json'");
    engine.start();
    record(engine, 5000);
    RunReport report = engine.stop();
    assertEquals(List.of(), report.failures());
    assertEquals(Map.of(), report.drops());
    String direct = Files.readString(dir.resolve("direct.json"));
    assertEquals(5001, direct.lines().count()); // the Metric record, then every Point
    assertEquals(direct, Files.readString(dir.resolve("piped.json")));
  }

  @Test
  void aProcessThatDiesIsReportedAndItsSamplesAreCountedAsDropped() throws Exception {
    MetricsEngine engine = engine("exec=sh -c 'exit 3'", "K6BRIDGE_EVENTS", "events.jsonl");
    engine.start();
    Thread.sleep(500); // it has exited
    record(engine, 100);
    RunReport report = engine.stop();
    assertEquals(2, report.failures().size(), report.failures().toString());
    assertTrue(
        report
            .failures()
            .get(0)
            .matches(
                "exec=sh -c 'exit 3': exec output: process 'sh -c"
                    + " exit 3' \\(pid \\d+\\) exited with status 3 during the test; .*"),
        "when it happened: " + report.failures().get(0));
    assertEquals(
        "exec=sh -c 'exit 3': java.lang.IllegalStateException: exec output:"
            + " process 'sh -c exit 3' exited with status 3",
        report.failures().get(1),
        "at stop");
    assertEquals(
        Map.of(
            "exec output (sh): not written, the process had exited or its input" + " failed", 100L),
        report.drops());
    String events = Files.readString(dir.resolve("events.jsonl"));
    assertTrue(
        events.contains("\"event\":\"output_failed\",")
            && events.contains(
                "exited with status 3 during the test; from now on its samples are dropped and counted"),
        events);
  }

  @Test
  void aProcessThatStopsReadingFillsTheBufferAndIsTerminatedAtTheStopTimeout() throws Exception {
    MetricsEngine engine =
        engine(
            "exec=sleep 60",
            "K6BRIDGE_EXEC_STOP_TIMEOUT",
            "500ms",
            "K6BRIDGE_BUFFER_SAMPLES",
            "4096");
    engine.start();
    for (int round = 0; round < 100; round++) {
      record(engine, 1000); // a pipe holds 64 KiB: the writes block, then the buffer overflows
      Thread.sleep(20);
    }
    long start = System.nanoTime();
    RunReport report = engine.stop();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis < 10_000, "stop took " + tookMillis + " ms");
    assertEquals(
        List.of(
            "exec=sleep 60: java.lang.IllegalStateException: exec output: process"
                + " 'sleep 60' did not exit within K6BRIDGE_EXEC_STOP_TIMEOUT=PT0.5S after its input was"
                + " closed; it was terminated"),
        report.failures());
    long full =
        report
            .drops()
            .getOrDefault(
                "exec output (sleep): buffer full, the process reads slower than samples arrive",
                0L);
    assertTrue(full > 50_000, report.drops().toString());
  }

  @Test
  void aMissingCommandIsAConfigurationError() {
    ConfigException e = assertThrows(ConfigException.class, () -> engine("exec="));
    assertEquals(
        "invalid K6_OUT entry 'exec=': no command; use exec=COMMAND [ARGUMENTS], such as"
            + " exec=python3 my_output.py",
        e.getMessage());
    assertEquals(
        List.of("python3", "my out.py", "a b", "it's"),
        CommandLine.split("python3 'my out.py' \"a b\" it\\'s"));
  }
}
