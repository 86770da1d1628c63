package io.k6bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PrefixedLayerTest {
  @Test
  void keepsOnlyK6AndK6BridgeNames() {
    Properties p = new Properties();
    p.setProperty("K6_OUT", "json=a.json");
    p.setProperty("K6BRIDGE_STOP_TIMEOUT", "3s");
    p.setProperty("java.home", "/jdk");
    p.setProperty("k6_out", "lower case is not k6's");
    Config c =
        Config.builder()
            .prefixedLayer("environment", Map.of("K6_TAGS", "a=b", "PATH", "/bin", "K6", "x"))
            .prefixedLayer("system properties", p)
            .build();
    assertEquals(Map.of("K6_OUT", "json=a.json", "K6_TAGS", "a=b"), c.withPrefix("K6_"));
    assertEquals("3s", c.raw("K6BRIDGE_STOP_TIMEOUT"));
    assertEquals("system properties", c.sourceOf("K6_OUT"));
    assertEquals("environment", c.sourceOf("K6_TAGS"));
    assertNull(c.raw("PATH"));
    assertNull(c.raw("java.home"));
    assertNull(c.raw("K6"));
  }

  @Test
  void nullSourcesAreEmptyLayers() {
    Config c =
        Config.builder()
            .prefixedLayer("environment", (Map<String, String>) null)
            .prefixedLayer("properties", (Properties) null)
            .build();
    assertEquals(Map.of(), c.withPrefix(""));
  }
}
