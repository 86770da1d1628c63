package io.k6bridge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.k6bridge.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySpellingTest {
  private static final Set<String> KNOWN =
      Set.of(
          "K6_OUT",
          "K6BRIDGE_STOP_TIMEOUT",
          "K6BRIDGE_BUFFER_SAMPLES",
          "K6_PROMETHEUS_RW_SERVER_URL");

  private static List<String> warnings(Map<String, String> env) {
    Config config = Config.builder().layer("environment", env).build();
    return KeySpelling.warnings(config, KNOWN, List.of("K6_PROMETHEUS_RW_HEADERS_"));
  }

  @Test
  void aNearMissNamesTheKeyItProbablyMeant() {
    assertEquals(
        List.of(
            "unknown setting K6BRIDGE_STOP_TIMEOT from environment is ignored: did"
                + " you mean K6BRIDGE_STOP_TIMEOUT?"),
        warnings(Map.of("K6BRIDGE_STOP_TIMEOT", "5s")));
    assertEquals(
        List.of(
            "unknown setting K6_PROMETHEUS_RW_SERVR_URL from environment is ignored:"
                + " did you mean K6_PROMETHEUS_RW_SERVER_URL?"),
        warnings(Map.of("K6_PROMETHEUS_RW_SERVR_URL", "http://x")));
  }

  @Test
  void anyUnknownK6bridgeNameIsReportedButOtherK6OptionsAndFamiliesAreNot() {
    assertEquals(
        List.of(
            "unknown setting K6BRIDGE_COLOUR from environment is ignored: no k6bridge"
                + " setting has that name"),
        warnings(Map.of("K6BRIDGE_COLOUR", "red")));
    assertEquals(
        List.of(),
        warnings(
            Map.of(
                "K6_VUS", "10", "K6_OUT", "json", "K6_PROMETHEUS_RW_HEADERS_X-Scope-OrgID", "t1")));
  }

  @Test
  void distanceCountsEdits() {
    assertEquals(0, KeySpelling.distance("abc", "abc"));
    assertEquals(1, KeySpelling.distance("abc", "abd"));
    assertEquals(2, KeySpelling.distance("abc", "a"));
    assertEquals(3, KeySpelling.distance("", "abc"));
  }
}
