package io.k6bridge.output.csv;

import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.text.GoFloat;
import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.TextBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes rows of k6's {@code --out csv} (internal/output/csv, SampleToRow) as Go's encoding/csv
 * writes them: {@code metric_name,timestamp,metric_value,<tag columns>,extra_tags,metadata}. Tags
 * that are not columns go to extra_tags as {@code k=v&k2=v2} (k6 uses Go map order, which is
 * random; here it is sorted). Samples carry no metadata, so that column is empty.
 *
 * <p>Everything but the timestamp and value depends only on the series, so it is encoded once per
 * series and cached by {@link Series#id()}. Used by one flusher thread only.
 */
final class CsvEncoder {
  private final List<String> columns;
  private final CsvTimeFormat timeFormat;
  private final GoTime time;
  private final TextBuffer scratch = new TextBuffer(256);
  private Series[] cached = new Series[256];
  private byte[][] prefixes = new byte[256][];
  private byte[][] suffixes = new byte[256][];

  /**
   * @param columns the tag columns: the enabled indexable system tags, sorted
   */
  CsvEncoder(List<String> columns, CsvTimeFormat timeFormat, GoTime time) {
    this.columns = List.copyOf(columns);
    this.timeFormat = timeFormat;
    this.time = time;
  }

  void appendHeader(TextBuffer out) {
    out.appendAscii("metric_name,timestamp,metric_value");
    for (String c : columns) {
      out.append((byte) ',');
      appendField(out, c);
    }
    out.appendAscii(",extra_tags,metadata\n");
  }

  void encode(TextBuffer out, Series series, long timeNanos, double value) {
    int id = series.id();
    if (id >= cached.length || cached[id] != series) {
      cache(series);
    }
    out.append(prefixes[id]);
    timeFormat.append(out, time, timeNanos);
    out.append((byte) ',');
    GoFloat.appendFixed6(out, value);
    out.append(suffixes[id]);
  }

  private void cache(Series series) {
    int id = series.id();
    if (id >= cached.length) {
      int n = Math.max(id + 1, cached.length * 2);
      cached = Arrays.copyOf(cached, n);
      prefixes = Arrays.copyOf(prefixes, n);
      suffixes = Arrays.copyOf(suffixes, n);
    }
    scratch.reset();
    appendField(scratch, series.metric().name());
    scratch.append((byte) ',');
    prefixes[id] = scratch.toByteArray();

    TagSet tags = series.tags();
    scratch.reset();
    for (String c : columns) {
      scratch.append((byte) ',');
      String v = tags.get(c);
      appendField(scratch, v == null ? "" : v);
    }
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < tags.size(); i++) {
      if (!columns.contains(tags.key(i))) {
        extra
            .append(extra.length() == 0 ? "" : "&")
            .append(tags.key(i))
            .append('=')
            .append(tags.value(i));
      }
    }
    scratch.append((byte) ',');
    appendField(scratch, extra.toString());
    scratch.appendAscii(",\n"); // empty metadata
    suffixes[id] = scratch.toByteArray();
    cached[id] = series;
  }

  /**
   * Go's encoding/csv field: quoted when it contains a comma, quote, CR or LF, is exactly {@code
   * \.}, or starts with a Unicode space; quotes inside are doubled.
   */
  static void appendField(TextBuffer out, String field) {
    if (!needsQuotes(field)) {
      out.appendUtf8(field);
      return;
    }
    out.append((byte) '"');
    int start = 0;
    for (int i = 0; i < field.length(); i++) {
      if (field.charAt(i) == '"') {
        out.appendUtf8(field.substring(start, i + 1)).append((byte) '"');
        start = i + 1;
      }
    }
    out.appendUtf8(field.substring(start)).append((byte) '"');
  }

  private static boolean needsQuotes(String field) {
    if (field.isEmpty()) {
      return false;
    }
    if (field.equals("\\.")) {
      return true;
    }
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return isGoSpace(field.codePointAt(0));
  }

  /** Go's unicode.IsSpace, which differs from Java's Character.isWhitespace. */
  static boolean isGoSpace(int c) {
    switch (c) {
      case '\t':
      case '\n':
      case 0x0B:
      case '\f':
      case '\r':
      case ' ':
      case 0x85:
      case 0xA0:
      case 0x1680:
      case 0x2028:
      case 0x2029:
      case 0x202F:
      case 0x205F:
      case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }
}
