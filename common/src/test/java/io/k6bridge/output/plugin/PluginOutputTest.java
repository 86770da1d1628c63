package io.k6bridge.output.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-ins that never work, as real processes (shell scripts): the run starts at once, loses and
 * counts their samples, says why, and ends with the process gone. Plug-ins that work are run with
 * real Python SDK servers in it-plugins.
 */
@Timeout(60)
class PluginOutputTest {
  @TempDir Path dir;

  private MetricsEngine engine(String out) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "K6_OUT",
                out,
                "K6BRIDGE_TELEMETRY_INTERVAL",
                "off",
                "K6_SUMMARY_MODE",
                "disabled",
                "K6BRIDGE_PLUGIN_START_TIMEOUT",
                "1s",
                "K6BRIDGE_EVENTS",
                "events.jsonl"));
    return MetricsEngine.create(
        Config.builder().layer("environment", env).build(), new MetricRegistry(), dir);
  }

  /** xk6-output-plugin-NAME in the test's directory, writing its pid first. */
  private void plugin(String name, String body) throws Exception {
    Path p = dir.resolve("xk6-output-plugin-" + name);
    Files.writeString(p, "#!/bin/sh\necho $$ > " + dir.resolve(name + ".pid") + "\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private RunReport run(String plugin) throws Exception {
    MetricsEngine engine = engine("plugin=./" + plugin);
    long start = System.nanoTime();
    engine.start();
    assertTrue(System.nanoTime() - start < 900_000_000L, "the start does not wait for the plug-in");
    Series s = engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("name", "a")));
    for (int i = 0; i < 100; i++) {
      engine.writer().record(s, 1_700_000_000_000_000_000L + i, 1);
    }
    Thread.sleep(1500);
    RunReport report = engine.stop();
    assertEquals(
        Map.of(
            "plugin output ("
                + plugin
                + "): not delivered, the plug-in failed, exited or did not"
                + " answer",
            100L),
        report.drops());
    long pid = Long.parseLong(Files.readString(dir.resolve(plugin + ".pid")).trim());
    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the process is gone");
    return report;
  }

  private void assertFailed(RunReport report, String plugin, String why) throws Exception {
    String failure = report.failures().toString();
    assertTrue(failure.contains("plugin " + plugin + ": " + why), failure);
    String events = Files.readString(dir.resolve("events.jsonl"));
    assertTrue(events.contains("\"event\":\"output_failed\"") && events.contains(why), events);
  }

  @Test
  void aPluginThatNeverPrintsItsHandshakeIsStoppedAtTheBound() throws Exception {
    plugin("silent", "exec sleep 600");
    assertFailed(
        run("silent"),
        "silent",
        "could not start: printed no handshake line within 1 s (K6BRIDGE_PLUGIN_START_TIMEOUT)");
  }

  @Test
  void aPluginThatExitsAtOnceSaysItsStatusAndLastWords() throws Exception {
    plugin("dies", "echo 'No module named grpc' >&2\nexit 4");
    assertFailed(
        run("dies"),
        "dies",
        "could not start: exited with status 4 before its handshake; its last words: No module"
            + " named grpc");
  }

  @Test
  void aPluginNobodyCanReachIsStoppedToo() throws Exception {
    plugin("unreachable", "echo '1|1|tcp|127.0.0.1:1|grpc'\nexec sleep 600");
    assertFailed(run("unreachable"), "unreachable", "could not start:");
  }

  @Test
  void aPluginThatCannotRunIsInvalidConfiguration() {
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> engine("plugin=./nothing.py --x"));
    assertEquals(
        "invalid K6_OUT entry 'plugin=./nothing.py --x': no file "
            + dir.toAbsolutePath().resolve("xk6-output-plugin-nothing.py")
            + " (from ./nothing.py; the name gets the prefix xk6-output-plugin-)",
        e.getMessage());
  }
}
