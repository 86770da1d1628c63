package io.k6bridge.output.webdashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.output.builtin.BuiltinParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardOptionsTest {
  static DashboardOptions read(Map<String, String> env, String argument) {
    Config config = Config.builder().layer("environment", env).build();
    return DashboardOptions.from(BuiltinParams.of("web-dashboard", argument, config, Path.of(".")));
  }

  @Test
  void defaultsAreK6sExceptTheLoopbackHost() {
    DashboardOptions o = read(Map.of(), "");
    assertEquals("127.0.0.1", o.host);
    assertEquals(5665, o.port);
    assertEquals(Duration.ofSeconds(10), o.period);
    assertEquals(false, o.open);
    assertEquals("", o.export);
    assertEquals("", o.record);
    assertEquals(List.of("group"), o.tags);
  }

  @Test
  void keysThenTheArgumentOnTop() {
    DashboardOptions o =
        read(
            Map.of(
                "K6_WEB_DASHBOARD_PORT",
                "6000",
                "K6_WEB_DASHBOARD_PERIOD",
                "2s",
                "K6_WEB_DASHBOARD_TAGS",
                "group,name",
                "K6_WEB_DASHBOARD_REPORT",
                "old.html"),
            "port=7000&period=500ms&open&export=r%20eport.html&record=e.ndjson&tags=status");
    assertEquals(7000, o.port);
    assertEquals(Duration.ofMillis(500), o.period);
    assertTrue(o.open);
    assertEquals("r eport.html", o.export);
    assertEquals("e.ndjson", o.record);
    assertEquals(List.of("group", "name", "status"), o.tags, "tags= appends");
    assertEquals("old.html", read(Map.of("K6_WEB_DASHBOARD_REPORT", "old.html"), "").export);
  }

  @Test
  void repeatedTagReplacesTheTags() {
    assertEquals(List.of("name", "method"), read(Map.of(), "tag=name&tag=method").tags);
  }

  @Test
  void portsBelowOneBindAFreePort() {
    assertEquals(0, read(Map.of("K6_WEB_DASHBOARD_PORT", "-1"), "").bindPort());
    assertEquals(0, read(Map.of(), "port=0").bindPort());
  }

  @Test
  void rejectsWhatK6Rejects() {
    ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of(), "port=x"));
    assertTrue(e.getMessage().contains("port=x"), e.getMessage());
    assertThrows(ConfigException.class, () -> read(Map.of(), "colour=blue"));
    assertThrows(ConfigException.class, () -> read(Map.of("K6_WEB_DASHBOARD_PORT", "x"), ""));
    assertThrows(ConfigException.class, () -> read(Map.of(), "period=0s"));
  }

  @Test
  void uPlotComesFromTheWebJarTheBuildDeclares() {
    UiAssets assets = UiAssets.load();
    assertTrue(new String(assets.file("uPlot.iife.min.js")).contains("uPlot"));
    assertTrue(new String(assets.page()).contains("<script src=\"dashboard.js\"></script>"));
  }

  @Test
  void portsAndPeriodsOutsideTheirRangeNameKeyValueSourceAndWhatIsAccepted() {
    for (String port : List.of("99999", "-2", "http")) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> read(Map.of("K6_WEB_DASHBOARD_PORT", port), ""));
      assertEquals("K6_WEB_DASHBOARD_PORT", e.key());
      for (String part : List.of("'" + port + "'", "environment", "from 1 to 65535")) {
        assertTrue(e.getMessage().contains(part), e.getMessage());
      }
    }
    ConfigException period =
        assertThrows(
            ConfigException.class, () -> read(Map.of("K6_WEB_DASHBOARD_PERIOD", "0s"), ""));
    assertEquals(
        "invalid K6_WEB_DASHBOARD_PERIOD='0s' from environment (must be greater than 0):"
            + " accepted is a duration greater than 0, such as 1s or 10s",
        period.getMessage());
    ConfigException argument =
        assertThrows(ConfigException.class, () -> read(Map.of(), "port=70000"));
    assertEquals(
        "invalid K6_OUT web-dashboard argument 'port=70000' from the default:"
            + " port=70000 (not a port): accepted is a TCP port from 1 to 65535, or 0 or -1 for a"
            + " free port",
        argument.getMessage());
    assertEquals(0, read(Map.of("K6_WEB_DASHBOARD_PORT", "-1"), "").bindPort());
  }
}
