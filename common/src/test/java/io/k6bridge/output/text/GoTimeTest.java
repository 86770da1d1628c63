package io.k6bridge.output.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class GoTimeTest {
  private static final long T = 1614173830L * 1_000_000_000L; // 2021-02-24T13:37:10Z (k6's tests)

  private static String format(GoTime t, long nanos, boolean fraction) {
    TextBuffer b = new TextBuffer(40);
    t.append(b, nanos, fraction);
    return new String(b.toByteArray(), StandardCharsets.US_ASCII);
  }

  @Test
  void rfc3339NanoTrimsTrailingZerosLikeGo() {
    GoTime utc = new GoTime(ZoneOffset.UTC);
    assertEquals("2021-02-24T13:37:10Z", format(utc, T, true));
    assertEquals("2021-02-24T13:37:10.000000025Z", format(utc, T + 25, true));
    assertEquals("2021-02-24T13:37:10.1Z", format(utc, T + 100_000_000, true));
    assertEquals("2021-02-24T13:37:10.123456789Z", format(utc, T + 123_456_789, true));
    assertEquals("2021-02-24T13:37:10.12Z", format(utc, T + 120_000_000, true));
    assertEquals("1969-12-31T23:59:59.999999999Z", format(utc, -1, true));
    assertEquals("2021-02-24T13:37:10Z", format(utc, T + 999_999_999, false));
  }

  @Test
  void offsetsAsGoWritesThem() {
    assertEquals(
        "2021-02-24T14:37:10+01:00", format(new GoTime(ZoneId.of("Europe/Berlin")), T, false));
    assertEquals(
        "2021-02-24T08:37:10-05:00", format(new GoTime(ZoneId.of("America/New_York")), T, false));
    assertEquals(
        "2021-02-24T19:07:10+05:30", format(new GoTime(ZoneId.of("Asia/Kolkata")), T, false));
    // A zone at UTC+0 with a name still prints Z, as Go's Z07:00 does.
    assertEquals("2021-02-24T13:37:10Z", format(new GoTime(ZoneId.of("Europe/London")), T, false));
    // Go drops the seconds of an offset.
    assertEquals(
        "2021-02-24T14:37:10+01:00",
        format(new GoTime(ZoneOffset.ofHoursMinutesSeconds(1, 0, 30)), T - 30_000_000_000L, false));
  }

  @Test
  void followsDaylightSavingTransitionsBothWays() {
    GoTime berlin = new GoTime(ZoneId.of("Europe/Berlin"));
    long before = ZonedDateTime.parse("2021-03-28T01:59:59+01:00").toEpochSecond() * 1_000_000_000L;
    long after = before + 1_000_000_000L;
    assertEquals("2021-03-28T01:59:59+01:00", format(berlin, before, true));
    assertEquals("2021-03-28T03:00:00+02:00", format(berlin, after, true));
    assertEquals("2021-03-28T01:59:59+01:00", format(berlin, before, true));
    assertEquals("2021-03-29T03:00:00+02:00", format(berlin, after + 86_400_000_000_000L, true));
  }
}
