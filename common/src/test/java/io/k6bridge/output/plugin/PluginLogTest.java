package io.k6bridge.output.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Standard-error lines as go-plugin reads them and k6 logs them. */
class PluginLogTest {
  @Test
  void sdkJsonLinesKeepTheirLevelMessageAndFields() {
    assertEquals(
        new PluginLog.Entry("info", "http_req_duration [metric.type=TREND, metric.contains=TIME]"),
        PluginLog.parse(
            "{\"metric.type\": \"TREND\", \"metric.contains\": \"TIME\", \"@level\": \"info\","
                + " \"@message\": \"http_req_duration\"}"));
    assertEquals(
        new PluginLog.Entry("warn", "slow"),
        PluginLog.parse("{\"@level\": \"WARN\", \"@message\": \"slow\", \"@timestamp\": \"t\"}"));
  }

  @Test
  void unknownLevelsAndPlainLinesAreDebugWhole() {
    String critical = "{\"@level\": \"critical\", \"@message\": \"x\"}";
    assertEquals(new PluginLog.Entry("debug", critical), PluginLog.parse(critical));
    assertEquals(
        new PluginLog.Entry("debug", "Traceback (most recent call last):"),
        PluginLog.parse("Traceback (most recent call last):"));
    assertEquals(new PluginLog.Entry("debug", "{not json"), PluginLog.parse("{not json"));
  }

  @Test
  void plainLinesMayNameTheirLevel() {
    assertEquals(new PluginLog.Entry("error", "boom"), PluginLog.parse("[ERROR] boom"));
    assertEquals(new PluginLog.Entry("info", "ready"), PluginLog.parse("[INFO]ready"));
  }
}
