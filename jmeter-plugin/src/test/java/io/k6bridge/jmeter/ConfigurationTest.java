package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.engine.EngineOptions;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.engine.RegisteredOutput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.jmeter.config.Argument;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  @BeforeAll
  static void jmeter() {
    JMeterFixture.init();
  }

  @Test
  void propertiesBeatEnvironmentWhichBeatsListenerParameters() {
    Properties props = new Properties();
    props.setProperty("K6_TAGS", "from=props");
    props.setProperty("user.dir", "ignored: not a k6 key");
    Config c =
        ListenerSettings.config(
            Map.of("K6_TAGS", "from=params", "K6_OUT", "capture", "K6BRIDGE_STOP_TIMEOUT", "5s"),
            Map.of("K6_TAGS", "from=env", "K6_OUT", "capture=x", "PATH", "/bin"),
            props);
    assertEquals("from=props", c.raw("K6_TAGS"));
    assertEquals("JMeter properties", c.sourceOf("K6_TAGS"));
    assertEquals("capture=x", c.raw("K6_OUT"));
    assertEquals("environment", c.sourceOf("K6_OUT"));
    assertEquals("5s", c.raw("K6BRIDGE_STOP_TIMEOUT"));
    assertEquals(null, c.raw("PATH"));
    assertEquals(null, c.raw("user.dir"));
  }

  @Test
  void blankParametersAreUnset() {
    Config c = ListenerSettings.config(Map.of("K6_TAGS", "  "), Map.of("K6_TAGS", "a=b"), null);
    assertEquals("a=b", c.raw("K6_TAGS"));
    assertEquals(
        "the default",
        ListenerSettings.config(Map.of("K6_OUT", ""), Map.of(), null).sourceOf("K6_OUT"));
  }

  @Test
  void guiParametersListEveryKeyWithItsDefault() {
    Arguments args = new K6BackendListenerClient().getDefaultParameters();
    Map<String, String> shown = new LinkedHashMap<>();
    for (int i = 0; i < args.getArgumentCount(); i++) {
      Argument a = args.getArgument(i);
      shown.put(a.getName(), a.getValue());
    }
    for (ConfigKey<?> k : EngineOptions.ALL) {
      assertEquals(k.defaultValue() == null ? "" : k.defaultValue(), shown.get(k.name()), k.name());
    }
    for (RegisteredOutput f : MetricsEngine.outputFactories().values()) {
      for (ConfigKey<?> k : f.configKeys()) {
        assertTrue(shown.containsKey(k.name()), k.name());
      }
    }
    assertEquals("", shown.get(CapturingOutputFactory.LABEL.name()));
  }

  @Test
  void rowsThatOnlyRepeatTheirDefaultsAreNamed() {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("K6_OUT", "json=out.json"); // set
    rows.put("K6_TAGS", ""); // blank: unset
    rows.put("K6_CSV_TIME_FORMAT", "unix"); // the default
    rows.put("K6_CSV_SAVE_INTERVAL", "2s"); // changed
    rows.put("MY_OWN_ROW", ""); // not ours: left alone
    assertEquals(List.of("K6_TAGS", "K6_CSV_TIME_FORMAT"), ListenerSettings.rowsAtDefault(rows));

    Arguments gui = new K6BackendListenerClient().getDefaultParameters();
    Map<String, String> all = new LinkedHashMap<>();
    for (int i = 0; i < gui.getArgumentCount(); i++) {
      all.put(gui.getArgument(i).getName(), gui.getArgument(i).getValue());
    }
    assertEquals(all.size(), ListenerSettings.rowsAtDefault(all).size());
  }

  @Test
  void invalidConfigurationFailsSetupWithOneClearMessage() {
    K6Listener client =
        JMeterFixture.client(Map.of("K6_SYSTEM_TAGS", "status,colour"), new Properties());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> client.setupTest(JMeterFixture.params(Map.of("K6_OUT", "capture"))));
    assertEquals("K6_SYSTEM_TAGS", e.key());
    assertTrue(e.getMessage().contains("'status,colour'"), e.getMessage());
    assertTrue(e.getMessage().contains("environment"), e.getMessage());
    // Nothing is recorded, and teardown of a failed start is harmless.
    SampleResult r = SampleResult.createTestSample(5);
    assertEquals(null, client.createSampleResult(JMeterFixture.params(Map.of()), r));
    client.teardownTest(JMeterFixture.params(Map.of()));
  }

  @Test
  void unknownOutputIsRejectedBeforeLoad() {
    K6Listener client = JMeterFixture.client(Map.of(), new Properties());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                client.setupTest(JMeterFixture.params(Map.of("K6_OUT", "statsd=127.0.0.1:8125"))));
    assertEquals("K6_OUT", e.key());
    assertTrue(e.getMessage().contains("statsd"), e.getMessage());
  }
}
