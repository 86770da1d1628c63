package io.k6bridge.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.k6bridge.config.Config;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GatlingSettingsTest {
  @Test
  void k6BlockTakesStringsAsTextAndStructuresAsJson() {
    Map<String, String> block =
        GatlingSettings.k6Block(
            ConfigFactory.parseString(
                "gatling { charting { indicators { lowerBound = 800 } } }\n"
                    + "k6 {\n"
                    + "  K6_OUT = \"json=k6.json\"\n"
                    + "  K6BRIDGE_BUFFER_SAMPLES = 4096\n"
                    + "  K6_THRESHOLDS {\n"
                    + "    http_req_duration = [\"p(95)<500\"]\n"
                    + "    \"http_req_failed{scenario:api}\" = [{ threshold = \"rate<0.01\", abortOnFail = true }]\n"
                    + "  }\n"
                    + "  K6_SUMMARY_TREND_STATS = \"avg,p(99)\"\n"
                    + "}"));
    assertEquals(
        Map.of(
            "K6_OUT", "json=k6.json",
            "K6BRIDGE_BUFFER_SAMPLES", "4096",
            "K6_THRESHOLDS",
                "{\"http_req_duration\":[\"p(95)<500\"],"
                    + "\"http_req_failed{scenario:api}\":[{\"abortOnFail\":true,\"threshold\":\"rate<0.01\"}]}",
            "K6_SUMMARY_TREND_STATS", "avg,p(99)"),
        block);
  }

  @Test
  void systemPropertiesOverrideTheEnvironmentWhichOverridesGatlingConf() {
    Properties props = new Properties();
    props.setProperty("K6_OUT", "json=props.json");
    props.setProperty("user.dir", "/elsewhere");
    Config c =
        GatlingSettings.config(
            Map.of("K6_OUT", "json=conf.json", "K6_TAGS", "a=conf", "K6_THRESHOLDS", "{}"),
            Map.of("K6_TAGS", "a=env", "HOME", "/root"),
            props);
    assertEquals("json=props.json", c.raw("K6_OUT"));
    assertEquals(GatlingSettings.SYSTEM_PROPERTIES, c.sourceOf("K6_OUT"));
    assertEquals("a=env", c.raw("K6_TAGS"));
    assertEquals(GatlingSettings.GATLING_CONF, c.sourceOf("K6_THRESHOLDS"));
    assertEquals(null, c.raw("HOME"));
    assertEquals(null, c.raw("user.dir"));
  }
}
