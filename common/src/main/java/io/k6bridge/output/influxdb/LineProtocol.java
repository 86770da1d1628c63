package io.k6bridge.output.influxdb;

import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.influxdb.InfluxDbConfig.FieldKind;
import io.k6bridge.output.text.GoFloat;
import io.k6bridge.output.text.TextBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Samples as InfluxDB line protocol, as k6's influxdb output writes them through InfluxDB's Go
 * client: the metric's name the measurement, the sample's tags as tags (sorted, empty values left
 * out, those of K6_INFLUXDB_TAGS_AS_FIELDS written as typed fields instead), a float field {@code
 * value}, fields sorted, the sample's own time at the configured precision.
 *
 * <p>Beyond k6: InfluxDB keeps one point per series (measurement and tags) and time, so two samples
 * of one series in the same millisecond, common with JMeter's and Gatling's millisecond clocks,
 * would overwrite each other. Every point of a series therefore gets the series' next sequence
 * number, modulo the units in a millisecond, added to its time: points of one millisecond differ
 * unless a million points of that series were written between them, each point stays inside its own
 * millisecond, and the memory is one counter per series. At a precision of a millisecond or coarser
 * there is no room inside the unit; there, as in k6, points of one series and unit overwrite each
 * other.
 *
 * <p>Owned by the output's push thread: its caches take no locks.
 */
final class LineProtocol {
  private final Map<String, FieldKind> tagsAsFields;
  private final String injectorTag;
  private final String injector;
  private final long unitNanos;
  private final long unitsPerMilli;
  private final Map<Series, Line> lines = new HashMap<>();
  private final Map<String, long[]> sequences = new HashMap<>();

  /**
   * @param injectorTag added with {@code injector} to every point that has none, so that several
   *     injectors never write the same series
   * @param precision InfluxDB's precision name: ns, u, ms, s, m or h
   */
  LineProtocol(
      Map<String, FieldKind> tagsAsFields, String injectorTag, String injector, String precision) {
    this.tagsAsFields = tagsAsFields;
    this.injectorTag = injectorTag;
    this.injector = injector;
    this.unitNanos =
        switch (precision) {
          case "u" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 1L;
        };
    this.unitsPerMilli = Math.max(1, 1_000_000L / unitNanos);
  }

  /** What a series' points share, encoded once. */
  private static final class Line {
    final byte[] key; // measurement,tags + ' '
    final byte[] fieldsBefore; // fields sorted before "value", each followed by ','
    final byte[] fieldsAfter; // fields sorted after "value", each preceded by ','
    final long[] sequence; // the InfluxDB series' counter, shared by the Series that make it

    Line(byte[] key, byte[] fieldsBefore, byte[] fieldsAfter, long[] sequence) {
      this.key = key;
      this.fieldsBefore = fieldsBefore;
      this.fieldsAfter = fieldsAfter;
      this.sequence = sequence;
    }
  }

  /** Appends one point; false (nothing appended) for a value InfluxDB cannot store (NaN, ±Inf). */
  boolean append(TextBuffer out, Series series, long timeNanos, double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    Line line = lines.get(series);
    if (line == null) {
      line = line(series);
      lines.put(series, line);
    }
    out.append(line.key).append(line.fieldsBefore).appendAscii("value=");
    GoFloat.appendPlain(out, value);
    out.append(line.fieldsAfter).append((byte) ' ');
    long offset = unitsPerMilli == 1 ? 0 : line.sequence[0]++ % unitsPerMilli;
    out.appendLong(Math.floorDiv(timeNanos, unitNanos) + offset);
    out.append((byte) '\n');
    return true;
  }

  private Line line(Series series) {
    TagSet tags = series.tags();
    StringBuilder key = new StringBuilder();
    escape(key, series.metric().name(), false);
    Map<String, String> fields = new java.util.TreeMap<>();
    boolean hasInjector = false;
    for (int i = 0; i < tags.size(); i++) {
      String k = tags.key(i);
      String v = tags.value(i);
      if (v.isEmpty()) {
        continue;
      }
      FieldKind kind = tagsAsFields.get(k);
      if (kind != null) {
        fields.put(k, field(kind, v));
        continue;
      }
      hasInjector |= k.equals(injectorTag);
      key.append(',');
      escape(key, k, true);
      key.append('=');
      escape(key, v, true);
    }
    if (!hasInjector && injectorTag != null) {
      insertTag(key, injectorTag, injector);
    }
    String seriesKey = key.toString();
    key.append(' ');
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          StringBuilder f = k.compareTo("value") < 0 ? before : after;
          if (f == after) {
            f.append(',');
          }
          escape(f, k, true);
          f.append('=').append(v);
          if (f == before) {
            f.append(',');
          }
        });
    long[] sequence = sequences.computeIfAbsent(seriesKey, k -> new long[1]);
    return new Line(utf8(key), utf8(before), utf8(after), sequence);
  }

  /** Inserts {@code k=v} among the key's tags in sorted place (tags come sorted from TagSet). */
  private static void insertTag(StringBuilder key, String k, String v) {
    StringBuilder tag = new StringBuilder(",");
    escape(tag, k, true);
    tag.append('=');
    escape(tag, v, true);
    // Find the first tag whose (escaped) name sorts after k; the measurement ends at the first
    // unescaped comma.
    int at = key.length();
    int i = firstUnescapedComma(key, 0);
    while (i >= 0) {
      int eq = key.indexOf("=", i);
      if (key.substring(i + 1, eq).compareTo(tag.substring(1, tag.indexOf("="))) > 0) {
        at = i;
        break;
      }
      i = firstUnescapedComma(key, eq);
    }
    key.insert(at, tag);
  }

  private static int firstUnescapedComma(StringBuilder s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == ',') {
        return i;
      }
    }
    return -1;
  }

  /**
   * A tag's value as a field of {@code kind}; text that does not parse stays a string, as in k6.
   */
  static String field(FieldKind kind, String v) {
    try {
      switch (kind) {
        case INT:
          return Long.parseLong(v.trim()) + "i";
        case FLOAT:
          TextBuffer b = new TextBuffer(24);
          double d = Double.parseDouble(v.trim());
          if (Double.isFinite(d)) {
            GoFloat.appendPlain(b, d);
            return new String(b.toByteArray(), java.nio.charset.StandardCharsets.US_ASCII);
          }
          break;
        case BOOL:
          String l = v.trim();
          if (l.equals("true") || l.equals("false")) {
            return l;
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // as k6: the value is written as a string
    }
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\');
      }
      s.append(c);
    }
    return s.append('"').toString();
  }

  /**
   * Line protocol's escaping: commas and spaces in a measurement, also equals signs in tag keys,
   * tag values and field keys; a newline cannot be written, so it becomes a space.
   */
  static void escape(StringBuilder out, String s, boolean equalsToo) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        c = ' ';
      }
      if (c == ',' || c == ' ' || (equalsToo && c == '=')) {
        out.append('\\');
      }
      out.append(c);
    }
  }

  private static byte[] utf8(StringBuilder s) {
    return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
