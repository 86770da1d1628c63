package io.k6bridge.output.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoFloatTest {
  private static String json(double v) {
    TextBuffer b = new TextBuffer(32);
    GoFloat.appendJson(b, v);
    return new String(b.toByteArray(), StandardCharsets.US_ASCII);
  }

  private static String fixed6(double v) {
    TextBuffer b = new TextBuffer(32);
    GoFloat.appendFixed6(b, v);
    return new String(b.toByteArray(), StandardCharsets.US_ASCII);
  }

  /** Expected values are what Go's json.Marshal(float64) prints. */
  @Test
  void jsonMatchesGoEncodingJson() {
    assertEquals("1", json(1));
    assertEquals("0", json(0));
    assertEquals("-0", json(-0.0));
    assertEquals("0.1", json(0.1));
    assertEquals("143.2871", json(143.2871));
    assertEquals("-2.5", json(-2.5));
    assertEquals("1e+21", json(1e21));
    assertEquals("1.5e+300", json(1.5e300));
    assertEquals("100000000000000000000", json(1e20));
    assertEquals("999999999999999900000", json(9.999999999999999e20));
    assertEquals("1e-7", json(1e-7));
    assertEquals("1.234e-7", json(1.234e-7));
    assertEquals("1e-100", json(1e-100));
    assertEquals("0.000001", json(1e-6));
    assertEquals("0.000001234", json(1.234e-6));
    assertEquals("5e-324", json(Double.MIN_VALUE)); // Java 17 says 4.9E-324
    assertEquals("1.7976931348623157e+308", json(Double.MAX_VALUE));
    assertEquals("0.30000000000000004", json(0.1 + 0.2));
    assertEquals("0.3333333333333333", json(1.0 / 3));
    assertEquals("9007199254740991", json(9007199254740991d));
    assertEquals("1152921504606847000", json(1152921504606846976d)); // 2^60: shortest digits
    assertEquals("123456789012345680", json(123456789012345678d));
    assertEquals("2e+23", json(2e23));
  }

  @Test
  void jsonRejectsWhatJsonCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> json(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> json(Double.POSITIVE_INFINITY));
  }

  /**
   * Millisecond durations from nanoseconds take the fast path; it must agree with the exact one.
   */
  @Test
  void fastPathAgreesWithExactShortest() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      double v = r.nextLong(1, 10_000_000_000L) / 1e6;
      if (v == Math.rint(v)) {
        continue;
      }
      String expected = GoFloat.shortest(v).toPlainString();
      assertEquals(expected, json(v), () -> "for " + v);
      assertEquals(v, Double.parseDouble(json(v)));
    }
  }

  @Test
  void exactPathRoundTripsAndIsNoLongerThanJava() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double v = Double.longBitsToDouble(r.nextLong() & Long.MAX_VALUE);
      if (!Double.isFinite(v)) {
        continue;
      }
      String s = json(v);
      assertEquals(v, Double.parseDouble(s), s);
      BigDecimal shortest = GoFloat.shortest(v);
      BigDecimal java = new BigDecimal(Double.toString(v)).stripTrailingZeros();
      assertEquals(true, shortest.precision() <= java.precision(), () -> v + " vs " + shortest);
    }
  }

  /** Expected values are what Go's fmt.Sprintf("%f", v) prints. */
  @Test
  void fixed6MatchesGoPercentF() {
    assertEquals("1.000000", fixed6(1));
    assertEquals("0.000000", fixed6(0));
    assertEquals("-0.000000", fixed6(-0.0));
    assertEquals("-0.000000", fixed6(-1e-9));
    assertEquals("0.100000", fixed6(0.1));
    assertEquals("143.287100", fixed6(143.2871));
    assertEquals("0.007812", fixed6(0.0078125)); // exact tie: to even
    assertEquals("0.023438", fixed6(0.0234375)); // exact tie: to even
    assertEquals("0.000000", fixed6(5e-7)); // just below the tie in binary
    assertEquals("0.000002", fixed6(1.5e-6));
    assertEquals("100000000000000000000.000000", fixed6(1e20));
    assertEquals("123456.789000", fixed6(123456.789));
    assertEquals("NaN", fixed6(Double.NaN));
    assertEquals("+Inf", fixed6(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", fixed6(Double.NEGATIVE_INFINITY));
  }

  @Test
  void fixed6FastPathAgreesWithExactRounding() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      double v = i % 2 == 0 ? r.nextDouble() * 1e4 : r.nextLong(0, 1L << 40) / 1024.0 / 1e3;
      String expected = new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
      assertEquals(expected, fixed6(v), () -> "for " + v);
    }
  }
}
