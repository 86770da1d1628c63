package io.k6bridge.output.csv;

import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.RunSettings;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The csv output's options, with k6's names and defaults (internal/output/csv/config.go). As in k6,
 * the K6_OUT argument wins over the K6_CSV_* keys: {@code csv=file.csv} sets the file name, {@code
 * csv=fileName=f.csv,saveInterval=2s,timeFormat=rfc3339} any of the three.
 */
final class CsvConfig {
  static final ConfigKey<String> FILENAME =
      ConfigKey.string(
          "K6_CSV_FILENAME", "file.csv", "CSV file to write; '-' is standard output, .gz gzips.");
  static final ConfigKey<Duration> SAVE_INTERVAL =
      ConfigKey.of(
          "K6_CSV_SAVE_INTERVAL",
          "1s",
          "a duration greater than 0, such as 500ms, 1s or 1m30s",
          "How often buffered rows are written to the CSV file.",
          RunSettings::positiveDuration);
  static final ConfigKey<CsvTimeFormat> TIME_FORMAT =
      ConfigKey.of(
          "K6_CSV_TIME_FORMAT",
          "unix",
          CsvTimeFormat.accepted(),
          "Format of the timestamp column.",
          CsvTimeFormat::parse);
  static final List<ConfigKey<?>> KEYS = List.of(FILENAME, SAVE_INTERVAL, TIME_FORMAT);

  final String fileName;
  final Duration saveInterval;
  final CsvTimeFormat timeFormat;

  private CsvConfig(String fileName, Duration saveInterval, CsvTimeFormat timeFormat) {
    this.fileName = fileName;
    this.saveInterval = saveInterval;
    this.timeFormat = timeFormat;
  }

  /** Reads the keys, then applies the K6_OUT argument on top; throws ConfigException if invalid. */
  static CsvConfig from(BuiltinParams params) {
    String fileName = params.config().get(FILENAME);
    Duration saveInterval = params.config().get(SAVE_INTERVAL);
    CsvTimeFormat timeFormat = params.config().get(TIME_FORMAT);
    String arg = params.argument();
    if (arg.isEmpty()) {
      return new CsvConfig(fileName, saveInterval, timeFormat);
    }
    if (!arg.contains("=")) {
      return new CsvConfig(arg, saveInterval, timeFormat);
    }
    for (String pair : arg.split(",", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (value.isEmpty()) {
        throw argumentError(params, "'" + pair + "' is not key=value");
      }
      switch (key) {
        case "fileName":
          fileName = value;
          break;
        case "saveInterval":
          saveInterval =
              parseArgument(params, key, value, SAVE_INTERVAL, RunSettings::positiveDuration);
          break;
        case "timeFormat":
          timeFormat = parseArgument(params, key, value, TIME_FORMAT, CsvTimeFormat::parse);
          break;
        default:
          throw argumentError(params, "unknown key '" + key + "'");
      }
    }
    return new CsvConfig(fileName, saveInterval, timeFormat);
  }

  private static <T> T parseArgument(
      BuiltinParams params,
      String key,
      String value,
      ConfigKey<T> same,
      Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      String out = RunSettings.OUT;
      throw new ConfigException(
          out,
          "invalid "
              + key
              + "='"
              + value
              + "' in "
              + out
              + " argument 'csv="
              + params.argument()
              + "' from "
              + params.config().sourceOf(out)
              + " ("
              + e.getMessage()
              + "): accepted is "
              + same.accepted());
    }
  }

  private static ConfigException argumentError(BuiltinParams params, String reason) {
    String out = RunSettings.OUT;
    return new ConfigException(
        out,
        "invalid "
            + out
            + " argument 'csv="
            + params.argument()
            + "' from "
            + params.config().sourceOf(out)
            + " ("
            + reason
            + "): accepted is a file name, or"
            + " fileName=...,saveInterval=...,timeFormat=...");
  }
}
