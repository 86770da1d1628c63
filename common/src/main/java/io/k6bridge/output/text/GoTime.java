package io.k6bridge.output.text;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Go's RFC 3339 time text in a given zone, as k6 writes sample times (the local zone, like Go's
 * {@code time.Local}): {@code 2006-01-02T15:04:05Z07:00}, optionally with Go's {@code .999999999}
 * fraction (trailing zeros trimmed, no dot when zero). A zero offset is written {@code Z}; an
 * offset with seconds loses them, as in Go.
 *
 * <p>Allocation-free per call: the zone offset is cached for the span between two transitions and
 * the date text for one day. Not thread-safe; each output's flusher thread owns one.
 */
public final class GoTime {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final ZoneRules rules;
  private long offsetFrom = 1;
  private long offsetUntil = 0;
  private int offsetSeconds;
  private byte[] offsetText;
  private long day = Long.MIN_VALUE;
  private byte[] dayText;

  public GoTime(ZoneId zone) {
    this.rules = zone.getRules();
  }

  /** Go's {@code time.RFC3339Nano} when {@code withFraction}, else {@code time.RFC3339}. */
  public void append(TextBuffer b, long epochNanos, boolean withFraction) {
    long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
    long fraction = Math.floorMod(epochNanos, NANOS_PER_SECOND);
    if (second < offsetFrom || second >= offsetUntil) {
      loadOffset(second);
    }
    long local = second + offsetSeconds;
    long d = Math.floorDiv(local, 86_400L);
    if (d != day) {
      loadDay(d);
    }
    int secondOfDay = (int) Math.floorMod(local, 86_400L);
    b.append(dayText);
    b.append((byte) 'T').appendPadded(secondOfDay / 3600, 2);
    b.append((byte) ':').appendPadded(secondOfDay / 60 % 60, 2);
    b.append((byte) ':').appendPadded(secondOfDay % 60, 2);
    if (withFraction && fraction != 0) {
      int digits = 9;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      b.append((byte) '.').appendPadded(fraction, digits);
    }
    b.append(offsetText);
  }

  private void loadOffset(long second) {
    Instant at = Instant.ofEpochSecond(second);
    offsetSeconds = rules.getOffset(at).getTotalSeconds();
    ZoneOffsetTransition previous = rules.previousTransition(at.plusSeconds(1));
    ZoneOffsetTransition next = rules.nextTransition(at);
    offsetFrom = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
    offsetUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
    int minutes = offsetSeconds / 60; // Go drops the seconds of an offset
    if (minutes == 0) {
      offsetText = new byte[] {'Z'};
    } else {
      TextBuffer t = new TextBuffer(8);
      t.append((byte) (minutes < 0 ? '-' : '+'));
      minutes = Math.abs(minutes);
      t.appendPadded(minutes / 60, 2).append((byte) ':').appendPadded(minutes % 60, 2);
      offsetText = t.toByteArray();
    }
  }

  private void loadDay(long d) {
    LocalDate date = LocalDate.ofEpochDay(d);
    TextBuffer t = new TextBuffer(16);
    t.appendPadded(date.getYear(), 4).append((byte) '-');
    t.appendPadded(date.getMonthValue(), 2).append((byte) '-');
    t.appendPadded(date.getDayOfMonth(), 2);
    dayText = t.toByteArray();
    day = d;
  }
}
