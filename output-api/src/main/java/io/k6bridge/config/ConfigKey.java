package io.k6bridge.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A public configuration key: its k6 name, default, what it accepts and how to parse it. Keys are
 * user contracts; every one is listed in the README and in the JMeter GUI's parameter table.
 *
 * @param <T> the parsed type
 */
public final class ConfigKey<T> {
  private final String name;
  private final String defaultValue;
  private final String accepted;
  private final String description;
  private final Function<String, T> parser;
  private final boolean secret;

  private ConfigKey(
      String name,
      String defaultValue,
      String accepted,
      String description,
      Function<String, T> parser,
      boolean secret) {
    this.name = Objects.requireNonNull(name);
    this.defaultValue = defaultValue;
    this.accepted = Objects.requireNonNull(accepted);
    this.description = Objects.requireNonNull(description);
    this.parser = Objects.requireNonNull(parser);
    this.secret = secret;
  }

  /**
   * A key with a custom parser. The parser throws {@link IllegalArgumentException} with a short
   * reason for values it rejects.
   */
  public static <T> ConfigKey<T> of(
      String name,
      String defaultValue,
      String accepted,
      String description,
      Function<String, T> parser) {
    return new ConfigKey<>(name, defaultValue, accepted, description, parser, false);
  }

  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return of(name, defaultValue, "any text", description, s -> s);
  }

  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return of(
        name, Boolean.toString(defaultValue), "true or false", description, ConfigKey::parseBool);
  }

  public static ConfigKey<Duration> duration(String name, String defaultValue, String description) {
    return of(
        name,
        defaultValue,
        "a duration such as 500ms, 1s, 1m30s, or a number of milliseconds",
        description,
        K6Duration::parse);
  }

  public static ConfigKey<Long> positiveLong(String name, long defaultValue, String description) {
    return of(
        name,
        Long.toString(defaultValue),
        "a whole number greater than 0",
        description,
        s -> {
          long v = Long.parseLong(s.trim());
          if (v <= 0) {
            throw new IllegalArgumentException("must be greater than 0");
          }
          return v;
        });
  }

  /** A key whose value must be one of {@code choices} (case-insensitive; parsed lower-case). */
  public static ConfigKey<String> oneOf(
      String name, String defaultValue, String description, String... choices) {
    List<String> allowed = Arrays.asList(choices);
    return of(
        name,
        defaultValue,
        "one of " + String.join(", ", allowed),
        description,
        s -> {
          String v = s.trim().toLowerCase(Locale.ROOT);
          if (!allowed.contains(v)) {
            throw new IllegalArgumentException("unknown value");
          }
          return v;
        });
  }

  /** The same key, but its values are masked in every message and log. */
  public ConfigKey<T> asSecret() {
    return new ConfigKey<>(name, defaultValue, accepted, description, parser, true);
  }

  static boolean parseBool(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
        return true;
      case "false":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException("not a boolean");
    }
  }

  T parse(String raw) {
    return parser.apply(raw);
  }

  public String name() {
    return name;
  }

  /** The default as the user would write it, or null when the key has none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String accepted() {
    return accepted;
  }

  public String description() {
    return description;
  }

  public boolean secret() {
    return secret;
  }

  @Override
  public String toString() {
    return name;
  }
}
