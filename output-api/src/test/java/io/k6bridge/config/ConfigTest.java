package io.k6bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static final ConfigKey<String> NAME = ConfigKey.string("K6_X_NAME", "dflt", "a name");
  private static final ConfigKey<Long> SIZE =
      ConfigKey.positiveLong("K6BRIDGE_X_SIZE", 8, "a size");
  private static final ConfigKey<Duration> EVERY = ConfigKey.duration("K6_X_EVERY", "1s", "period");
  private static final ConfigKey<Boolean> FLAG = ConfigKey.bool("K6_X_FLAG", false, "flag");
  private static final ConfigKey<String> MODE =
      ConfigKey.oneOf("K6_X_MODE", "fast", "mode", "fast", "slow");
  private static final ConfigKey<String> NONE = ConfigKey.of("K6_X_NONE", null, "x", "x", s -> s);

  private static Config layered() {
    return Config.builder()
        .layer("listener parameters", Map.of("K6_X_NAME", "param", "K6BRIDGE_X_SIZE", "16"))
        .layer("environment", Map.of("K6_X_NAME", "env", "K6_X_EVERY", "250ms"))
        .layer("JMeter properties", Map.of("K6_X_NAME", "prop"))
        .build();
  }

  @Test
  void laterLayersWin() {
    Config c = layered();
    assertEquals("prop", c.get(NAME));
    assertEquals("JMeter properties", c.sourceOf("K6_X_NAME"));
    assertEquals(16L, c.get(SIZE));
    assertEquals("listener parameters", c.sourceOf("K6BRIDGE_X_SIZE"));
    assertEquals(Duration.ofMillis(250), c.get(EVERY));
    assertEquals("environment", c.sourceOf("K6_X_EVERY"));
  }

  @Test
  void defaultsApplyWhenNoLayerSetsTheKey() {
    Config c = layered();
    assertEquals(false, c.get(FLAG));
    assertEquals("the default", c.sourceOf("K6_X_FLAG"));
    assertNull(c.raw("K6_X_FLAG"));
    assertEquals("fast", Config.defaults().get(MODE));
    assertEquals("dflt", Config.defaults().get(NAME));
    assertNull(Config.defaults().get(NONE));
  }

  @Test
  void blankValuesAreIgnoredSoTheyDoNotHideLowerLayers() {
    Map<String, String> blanks = new HashMap<>();
    blanks.put("K6_X_NAME", "   ");
    blanks.put("K6BRIDGE_X_SIZE", "");
    blanks.put("K6_X_FLAG", null);
    Config c =
        Config.builder()
            .layer("environment", Map.of("K6_X_NAME", "env", "K6BRIDGE_X_SIZE", "32"))
            .layer("JMeter properties", blanks)
            .build();
    assertEquals("env", c.get(NAME));
    assertEquals(32L, c.get(SIZE));
    assertEquals(false, c.get(FLAG));
  }

  @Test
  void valuesAreTrimmed() {
    Config c = Config.builder().layer("environment", Map.of("K6_X_MODE", "  SLOW ")).build();
    assertEquals("slow", c.get(MODE));
    assertEquals("SLOW", c.raw("K6_X_MODE"));
  }

  @Test
  void invalidValueNamesKeyValueSourceAndWhatIsAccepted() {
    Config c = Config.builder().layer("environment", Map.of("K6BRIDGE_X_SIZE", "-3")).build();
    ConfigException e = assertThrows(ConfigException.class, () -> c.get(SIZE));
    assertEquals("K6BRIDGE_X_SIZE", e.key());
    assertEquals(
        "invalid K6BRIDGE_X_SIZE='-3' from environment (must be greater than 0): accepted is a whole"
            + " number greater than 0",
        e.getMessage());
  }

  @Test
  void oneOfAndBoolRejectOtherValues() {
    Config c =
        Config.builder()
            .layer("environment", Map.of("K6_X_MODE", "medium", "K6_X_FLAG", "yes"))
            .build();
    assertEquals(
        "invalid K6_X_MODE='medium' from environment (unknown value): accepted is one of fast, slow",
        assertThrows(ConfigException.class, () -> c.get(MODE)).getMessage());
    assertEquals(
        "invalid K6_X_FLAG='yes' from environment (not a boolean): accepted is true or false",
        assertThrows(ConfigException.class, () -> c.get(FLAG)).getMessage());
  }

  @Test
  void secretValuesAreNeverShown() {
    ConfigKey<Long> secret = SIZE.asSecret();
    Config c = Config.builder().layer("environment", Map.of("K6BRIDGE_X_SIZE", "hunter2")).build();
    ConfigException e = assertThrows(ConfigException.class, () -> c.get(secret));
    assertEquals(false, e.getMessage().contains("hunter2"), e.getMessage());
    assertEquals(true, e.getMessage().contains("<redacted>"), e.getMessage());
  }

  @Test
  void withPrefixResolvesAcrossLayers() {
    Config c =
        Config.builder()
            .layer(
                "listener parameters", Map.of("K6_CSV_A", "1", "K6_CSV_B", "1", "K6_JSON_C", "1"))
            .layer("environment", Map.of("K6_CSV_B", "2"))
            .build();
    assertEquals(Map.of("K6_CSV_A", "1", "K6_CSV_B", "2"), c.withPrefix("K6_CSV_"));
  }

  @Test
  void overriddenByAddsAHighestLayer() {
    Config c = layered().overriddenBy("K6_OUT argument", Map.of("K6_X_NAME", "arg"));
    assertEquals("arg", c.get(NAME));
    assertEquals("K6_OUT argument", c.sourceOf("K6_X_NAME"));
    assertEquals("prop", layered().get(NAME), "the original is unchanged");
  }
}
