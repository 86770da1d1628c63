package io.k6bridge.config;

/**
 * Invalid configuration. The message names the key, the rejected value (masked for secrets), where
 * it came from and what is accepted, so one line tells the user what to fix.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  static ConfigException invalid(ConfigKey<?> key, String value, String source, String reason) {
    String shown = key.secret() ? "<redacted>" : "'" + value + "'";
    // A parser's reason may quote the value (NumberFormatException does), so secrets get none.
    String why = key.secret() || reason == null || reason.isEmpty() ? "" : " (" + reason + ")";
    return new ConfigException(
        key.name(),
        "invalid "
            + key.name()
            + "="
            + shown
            + " from "
            + source
            + why
            + ": accepted is "
            + key.accepted());
  }

  /** The configuration key at fault. */
  public String key() {
    return key;
  }
}
