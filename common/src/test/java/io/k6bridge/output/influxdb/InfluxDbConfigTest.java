package io.k6bridge.output.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.output.influxdb.InfluxDbConfig.FieldKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxDbConfigTest {
  private static InfluxDbConfig config(String argument, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return InfluxDbConfig.from(Config.builder().layer("environment", m).build(), argument);
  }

  @Test
  void k6sDefaults() {
    InfluxDbConfig c = config("");
    assertEquals("http://localhost:8086/write?db=k6&precision=n", c.write.toString());
    assertEquals("http://localhost:8086/query", c.query.toString());
    assertEquals(Duration.ofSeconds(1), c.pushInterval);
    assertEquals(
        Map.of("vu", FieldKind.STRING, "iter", FieldKind.STRING, "url", FieldKind.STRING),
        c.tagsAsFields);
    assertFalse(c.v2);
  }

  @Test
  void theArgumentIsReadAsK6ReadsItOverTheKeys() {
    InfluxDbConfig c =
        config(
            "https://tester:s3cr3t@influx.example:8087/behind/proxy/shop?precision=ms"
                + "&tagsAsFields=url&tagsAsFields=vu:int&pushInterval=2s&retention=week",
            "K6_INFLUXDB_DB",
            "ignored");
    assertEquals(
        "https://influx.example:8087/behind/proxy/write?db=shop&rp=week&precision=ms",
        c.write.toString());
    assertEquals(Map.of("url", FieldKind.STRING, "vu", FieldKind.INT), c.tagsAsFields);
    assertEquals(Duration.ofSeconds(2), c.pushInterval);
    assertTrue(c.write.headers().get("Authorization").startsWith("Basic "));
    assertEquals(
        "http://localhost:8086/write?db=orders&precision=n", config("orders").write.toString());
  }

  @Test
  void influxDb2IsWrittenWithATokenToABucket() {
    InfluxDbConfig c =
        config(
            "",
            "K6_INFLUXDB_ADDR",
            "http://127.0.0.1:8428/",
            "K6_INFLUXDB_ORGANIZATION",
            "shop org",
            "K6_INFLUXDB_BUCKET",
            "k6",
            "K6_INFLUXDB_TOKEN",
            "tok-42");
    assertTrue(c.v2);
    assertEquals(
        "http://127.0.0.1:8428/api/v2/write?org=shop+org&bucket=k6&precision=ns",
        c.write.toString());
    assertEquals("Token tok-42", c.write.headers().get("Authorization"));
  }

  @Test
  void badValuesAreRefusedNamingTheKeyAndNeverTheCredentials() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> config("http://u:pw-secret@h:8086/db?nope=1"));
    assertTrue(e.getMessage().contains("unknown query parameter 'nope'"), e.getMessage());
    assertFalse(e.getMessage().contains("pw-secret"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> config("", "K6_INFLUXDB_ADDR", "udp://h:8089"));
    assertTrue(e.getMessage().contains("K6_INFLUXDB_ADDR"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> config("", "K6_INFLUXDB_TAGS_AS_FIELDS", "url,url:int"));
    assertTrue(e.getMessage().contains("K6_INFLUXDB_TAGS_AS_FIELDS"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> config("", "K6_INFLUXDB_TAGS_AS_FIELDS", "vu:number"));
    assertTrue(e.getMessage().contains("invalid type (number)"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> config("", "K6_INFLUXDB_CONCURRENT_WRITES", "0"));
    assertTrue(e.getMessage().contains("K6_INFLUXDB_CONCURRENT_WRITES"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> config("", "K6_INFLUXDB_PRECISION", "ps"));
    assertTrue(e.getMessage().contains("K6_INFLUXDB_PRECISION"), e.getMessage());
  }
}
