package io.k6bridge.gatling;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.k6bridge.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the bridge's configuration comes from in a Gatling run. Precedence, lowest first: the
 * {@code k6 { ... }} block of {@code gatling.conf}, environment variables, JVM system properties
 * ({@code -DK6_OUT=...}). This is the JMeter adapter's order (parameters written in the test's own
 * files, then environment, then the tool's properties). Only names starting with {@code K6_} or
 * {@code K6BRIDGE_} are read from the environment and system properties.
 */
final class GatlingSettings {
  static final String GATLING_CONF = "gatling.conf k6 block";
  static final String ENVIRONMENT = "environment";
  static final String SYSTEM_PROPERTIES = "system properties";

  /** The block's name in gatling.conf. */
  static final String BLOCK = "k6";

  /** Gatling's own override of the configuration file's resource name (GatlingConfiguration). */
  static final String CONF_FILE_PROPERTY = "gatling.conf.file";

  private GatlingSettings() {}

  static Config config(
      Map<String, String> gatlingConf, Map<String, String> environment, Properties properties) {
    return Config.builder()
        .layer(GATLING_CONF, gatlingConf)
        .prefixedLayer(ENVIRONMENT, environment)
        .prefixedLayer(SYSTEM_PROPERTIES, properties)
        .build();
  }

  /** The run's configuration from the real sources. */
  static Config load(ClassLoader loader) {
    return config(k6Block(loader), System.getenv(), System.getProperties());
  }

  /**
   * The {@code k6} block of the gatling.conf Gatling itself loads (the class-path resource named by
   * {@code -Dgatling.conf.file}, else {@code gatling.conf}), as flat {@code K6_OUT -> value}.
   */
  static Map<String, String> k6Block(ClassLoader loader) {
    String resource = System.getProperty(CONF_FILE_PROPERTY, "gatling.conf");
    return k6Block(ConfigFactory.parseResources(loader, resource));
  }

  /**
   * Each key of the block with its value as k6 reads it from the environment: a string, number or
   * boolean as its text; an object or list as JSON, so that {@code K6_THRESHOLDS} may be written as
   * a HOCON object ({@code K6_THRESHOLDS { http_req_duration = ["p(95)<500"] }}) or as a JSON
   * string.
   */
  static Map<String, String> k6Block(com.typesafe.config.Config conf) {
    Map<String, String> out = new LinkedHashMap<>();
    if (conf.hasPath(BLOCK)) {
      for (Map.Entry<String, ConfigValue> e : conf.getObject(BLOCK).entrySet()) {
        ConfigValue v = e.getValue();
        boolean structured =
            v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST;
        out.put(
            e.getKey(),
            structured ? v.render(ConfigRenderOptions.concise()) : String.valueOf(v.unwrapped()));
      }
    }
    return out;
  }
}
