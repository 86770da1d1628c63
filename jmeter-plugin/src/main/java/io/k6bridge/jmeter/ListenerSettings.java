package io.k6bridge.jmeter;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.engine.MetricsEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.jmeter.config.Arguments;

/**
 * The listener's configuration vocabulary and sources. Precedence, lowest first, as k6 orders its
 * own: defaults, listener parameters, environment variables, JMeter properties ({@code -JK6_OUT=}).
 * Only names starting with {@code K6_} or {@code K6BRIDGE_} are read from the environment and the
 * properties, so unrelated settings never leak in and prefixed families (such as an output's
 * per-header keys) still pass through.
 */
final class ListenerSettings {
  static final String PARAMETERS = "listener parameters";
  static final String ENVIRONMENT = "environment";
  static final String PROPERTIES = "JMeter properties";

  private ListenerSettings() {}

  /** Every supported key, engine keys first, then each output's, without duplicates. */
  static List<ConfigKey<?>> keys() {
    return MetricsEngine.knownKeys();
  }

  /**
   * The listener rows that only repeat their key's default (blank counts as unset). JMeter copies
   * every row of a Backend Listener's table for every sample, on the sampler thread, so these rows
   * cost throughput and change nothing.
   */
  static List<String> rowsAtDefault(Map<String, String> parameters) {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (ConfigKey<?> k : keys()) {
      defaults.put(k.name(), shownDefault(k));
    }
    List<String> out = new ArrayList<>();
    parameters.forEach(
        (name, value) -> {
          String d = defaults.get(name);
          if (d != null && (value == null || value.isBlank() || value.trim().equals(d))) {
            out.add(name);
          }
        });
    return out;
  }

  /**
   * The table the GUI shows: a row for every key, holding {@code saved}'s value where it has one
   * and the default otherwise, then {@code saved}'s other rows (such as per-header keys).
   */
  static Arguments withEveryKey(Arguments saved) {
    Map<String, String> rest = saved.getArgumentsAsMap();
    Arguments shown = new Arguments();
    for (ConfigKey<?> k : keys()) {
      String value = rest.remove(k.name());
      shown.addArgument(k.name(), value != null ? value : shownDefault(k), null, k.description());
    }
    rest.forEach(shown::addArgument);
    return shown;
  }

  /** A key's default as a table row holds it: blank when the key has none. */
  private static String shownDefault(ConfigKey<?> k) {
    return k.defaultValue() == null ? "" : k.defaultValue();
  }

  /** Removes from {@code table} the rows that only repeat their key's default. */
  static void removeDefaultRows(Arguments table) {
    for (String name : rowsAtDefault(table.getArgumentsAsMap())) {
      table.removeArgument(name);
    }
  }

  static Config config(
      Map<String, String> parameters, Map<String, String> environment, Properties properties) {
    return Config.builder()
        .layer(PARAMETERS, parameters)
        .prefixedLayer(ENVIRONMENT, environment)
        .prefixedLayer(PROPERTIES, properties)
        .build();
  }
}
