package io.k6bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class K6DurationTest {
  @ParameterizedTest
  @CsvSource({
    "1s, 1000000000",
    "250ms, 250000000",
    "1m30s, 90000000000",
    "1.5h, 5400000000000",
    "1h2m3s4ms5us6ns, 3723004005006",
    "7µs, 7000",
    "0.5s, 500000000",
    ".5s, 500000000",
    "0s, 0",
    "' 2s ', 2000000000",
    "500, 500000000",
    "1.5, 1500000",
    "0, 0"
  })
  void parses(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), K6Duration.parse(text));
  }

  private static String rejection(String text) {
    return assertThrows(IllegalArgumentException.class, () -> K6Duration.parse(text)).getMessage();
  }

  @Test
  void rejectsWithAShortReason() {
    assertEquals("empty", rejection("  "));
    assertEquals("missing unit", rejection("1m30"));
    assertEquals("unknown unit 'x'", rejection("10x"));
    assertEquals("unknown unit 'S'", rejection("1S"));
    assertEquals("expected a number at 'soon'", rejection("soon"));
    assertEquals("expected a number at '-1s'", rejection("-1s"));
    assertEquals("unknown unit 'sms'", rejection("5sms"));
  }
}
