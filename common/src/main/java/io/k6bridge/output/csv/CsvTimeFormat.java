package io.k6bridge.output.csv;

import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.TextBuffer;
import java.util.Locale;

/** K6_CSV_TIME_FORMAT: how the timestamp column is written (internal/output/csv, SampleToRow). */
enum CsvTimeFormat {
  UNIX,
  UNIX_MILLI,
  UNIX_MICRO,
  UNIX_NANO,
  RFC3339,
  RFC3339_NANO;

  /** The spelling k6 accepts: exactly its snake-case name, or that name in any letter case. */
  String k6Name() {
    return name().toLowerCase(Locale.ROOT);
  }

  static String accepted() {
    StringBuilder b = new StringBuilder("one of ");
    for (CsvTimeFormat f : values()) {
      b.append(f.ordinal() == 0 ? "" : ", ").append(f.k6Name());
    }
    return b.toString();
  }

  static CsvTimeFormat parse(String text) {
    for (CsvTimeFormat f : values()) {
      if (f.k6Name().equals(text.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown time format");
  }

  /** Go's {@code Unix*()} floor the time; RFC 3339 is in the local zone like k6's samples. */
  void append(TextBuffer b, GoTime time, long epochNanos) {
    switch (this) {
      case UNIX:
        b.appendLong(Math.floorDiv(epochNanos, 1_000_000_000L));
        break;
      case UNIX_MILLI:
        b.appendLong(Math.floorDiv(epochNanos, 1_000_000L));
        break;
      case UNIX_MICRO:
        b.appendLong(Math.floorDiv(epochNanos, 1_000L));
        break;
      case UNIX_NANO:
        b.appendLong(epochNanos);
        break;
      case RFC3339:
        time.append(b, epochNanos, false);
        break;
      default:
        time.append(b, epochNanos, true);
    }
  }
}
