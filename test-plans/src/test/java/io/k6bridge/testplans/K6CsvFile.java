package io.k6bridge.testplans;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A file written by k6's {@code --out csv} with its defaults (grafana/k6 internal/output/csv): the
 * header of the default system tags, unix-second timestamps, values formatted with Go's {@code %f},
 * the other tags in {@code extra_tags} as {@code k=v&k2=v2}. A row that breaks a rule is listed in
 * {@link #violations} with its line number and left out.
 */
final class K6CsvFile {

  static final List<String> HEADER =
      List.of(
          "metric_name",
          "timestamp",
          "metric_value",
          "check",
          "error",
          "error_code",
          "expected_response",
          "group",
          "method",
          "name",
          "proto",
          "scenario",
          "service",
          "status",
          "subproto",
          "tls_version",
          "url",
          "extra_tags",
          "metadata");
  private static final int FIRST_TAG = 3;
  private static final int EXTRA_TAGS = HEADER.indexOf("extra_tags");
  private static final Pattern GO_F = Pattern.compile("-?\\d+\\.\\d{6}");
  private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{10}");

  /**
   * @param tags the non-empty tags, column tags and extra tags together
   */
  record Row(String metric, long unixSeconds, String value, Map<String, String> tags, int line) {}

  final List<Row> rows = new ArrayList<>();
  final List<String> violations = new ArrayList<>();

  static K6CsvFile read(Path file) throws Exception {
    List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
    if (records.isEmpty() || !records.get(0).equals(HEADER)) {
      throw new AssertionError(
          file
              + ":1: header is "
              + (records.isEmpty() ? "missing" : records.get(0))
              + ", k6 writes "
              + HEADER);
    }
    K6CsvFile csv = new K6CsvFile();
    for (int i = 1; i < records.size(); i++) {
      try {
        csv.rows.add(row(records.get(i), i + 1));
      } catch (AssertionError | NumberFormatException e) {
        csv.violations.add(
            file.getFileName()
                + ":"
                + (i + 1)
                + ": "
                + e.getMessage()
                + "\n  "
                + String.join(",", records.get(i)));
      }
    }
    return csv;
  }

  private static Row row(List<String> fields, int line) {
    require(
        fields.size() == HEADER.size(),
        fields.size() + " columns, the header has " + HEADER.size());
    require(
        UNIX_SECONDS.matcher(fields.get(1)).matches(),
        "timestamp is not unix seconds: " + fields.get(1));
    require(
        GO_F.matcher(fields.get(2)).matches(),
        "metric_value is not formatted %f: " + fields.get(2));
    Map<String, String> tags = new LinkedHashMap<>();
    for (int column = FIRST_TAG; column < EXTRA_TAGS; column++) {
      if (!fields.get(column).isEmpty()) {
        tags.put(HEADER.get(column), fields.get(column));
      }
    }
    if (!fields.get(EXTRA_TAGS).isEmpty()) {
      for (String pair : fields.get(EXTRA_TAGS).split("&")) {
        int equals = pair.indexOf('=');
        require(equals > 0, "extra_tags entry without key=value: " + pair);
        String key = pair.substring(0, equals);
        require(!HEADER.contains(key), "extra_tags holds " + key + ", which has its own column");
        tags.put(key, pair.substring(equals + 1));
      }
    }
    return new Row(fields.get(0), Long.parseLong(fields.get(1)), fields.get(2), tags, line);
  }

  /**
   * RFC 4180 as Go's encoding/csv writes it: quotes around fields with commas, quotes or line
   * breaks.
   */
  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else if (c != '\r') {
        field.append(c);
      }
    }
    require(!quoted, "unterminated quoted field");
    require(field.isEmpty() && record.isEmpty(), "the last line has no line break");
    return records;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
