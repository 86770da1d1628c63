package io.k6bridge.output;

import io.k6bridge.config.ConfigKey;
import java.util.List;

/**
 * Creates an output chosen by name in {@code K6_OUT=name[=argument]}: the plug-in contract. A
 * plug-in registers its factory in {@code META-INF/services/io.k6bridge.output.OutputFactory}, is
 * found with {@link java.util.ServiceLoader} and runs isolated (see {@link Output}). A plug-in
 * cannot take a built-in output's name.
 */
public interface OutputFactory {
  /** The name used in {@code K6_OUT}, such as "json". */
  String name();

  /** The configuration keys this output reads, for documentation and the JMeter GUI. */
  List<ConfigKey<?>> configKeys();

  /**
   * Prefixes of key families this output reads besides {@link #configKeys()}, such as one key per
   * request header; names under them are never taken for misspellings.
   */
  default List<String> configPrefixes() {
    return List.of();
  }

  /**
   * Validates the configuration and builds the output; throws {@link
   * io.k6bridge.config.ConfigException} for invalid settings. Must not start threads or open files
   * yet: that is {@link Output#start()}'s job, after every output has been validated.
   */
  Output create(OutputParams params);
}
