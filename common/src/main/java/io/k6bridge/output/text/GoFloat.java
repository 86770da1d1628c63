package io.k6bridge.output.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's float64 text, as k6's file outputs produce it: {@link #appendJson} is {@code encoding/json}
 * (the shortest digits that parse back to the same double, in {@code 'f'} form, or {@code 'e'} form
 * below 1e-6 and from 1e21 on), {@link #appendFixed6} is {@code fmt}'s {@code %f} (six decimals,
 * correctly rounded from the exact binary value, ties to even).
 *
 * <p>Java's own {@code Double.toString} is not shortest on Java 17 and {@code String.format} rounds
 * ties up, so neither can be used. Common values (whole numbers, few decimals) take exact
 * allocation-free paths; the rest go through {@link BigDecimal}.
 */
public final class GoFloat {
  private static final double TWO_POW_53 = 9007199254740992d;
  private static final double TWO_POW_43 = 8796093022208d;
  private static final double[] POW10 = new double[18];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private GoFloat() {}

  /** Appends {@code v} as Go's encoding/json does; the caller rejects NaN and infinities first. */
  public static void appendJson(TextBuffer b, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("JSON has no representation for " + v);
    }
    if (Double.doubleToRawLongBits(v) < 0) {
      b.append((byte) '-');
      v = -v;
    }
    if (v != 0 && (v < 1e-6 || v >= 1e21)) {
      appendExponent(b, shortest(v));
    } else {
      appendPlainPositive(b, v);
    }
  }

  /**
   * Appends {@code v} as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest digits that
   * parse back to the same double, never in exponent form (InfluxDB's line protocol writer). The
   * caller rejects NaN and infinities first.
   */
  public static void appendPlain(TextBuffer b, double v) {
    if (Double.doubleToRawLongBits(v) < 0) {
      b.append((byte) '-');
      v = -v;
    }
    appendPlainPositive(b, v);
  }

  private static void appendPlainPositive(TextBuffer b, double v) {
    if (v < TWO_POW_53 && v == Math.rint(v)) {
      b.appendLong((long) v);
    } else if (!appendFewDecimals(b, v)) {
      b.appendAscii(shortest(v).toPlainString());
    }
  }

  /** Appends {@code v} as Go's {@code fmt.Sprintf("%f", v)}. */
  public static void appendFixed6(TextBuffer b, double v) {
    if (Double.isNaN(v)) {
      b.appendAscii("NaN");
      return;
    }
    if (Double.isInfinite(v)) {
      b.appendAscii(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    if (Double.doubleToRawLongBits(v) < 0) {
      b.append((byte) '-');
      v = -v;
    }
    long scaled = v < TWO_POW_43 ? micros(v) : -1;
    if (scaled >= 0) {
      b.appendLong(scaled / 1_000_000).append((byte) '.').appendPadded(scaled % 1_000_000, 6);
    } else {
      b.appendAscii(new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
    }
  }

  /**
   * {@code v * 1e6} rounded half-to-even from the exact binary value, or -1 when it needs more than
   * 64-bit arithmetic. {@code v} is m·2^-k; m·10^6 fits in 128 bits, and k ≤ 63 keeps the quotient
   * and remainder in longs.
   */
  private static long micros(double v) {
    long bits = Double.doubleToRawLongBits(v);
    int exp = (int) (bits >>> 52) & 0x7FF;
    long m = bits & 0xFFFFFFFFFFFFFL;
    if (exp == 0) {
      return v == 0 ? 0 : -1; // subnormals: BigDecimal
    }
    m |= 1L << 52;
    int k = 1075 - exp; // v = m / 2^k
    if (k <= 0) {
      return (long) v * 1_000_000; // whole number below 2^43
    }
    int tz = Math.min(Long.numberOfTrailingZeros(m), k);
    m >>>= tz;
    k -= tz;
    if (k == 0) {
      return m * 1_000_000;
    }
    if (k > 63) {
      return -1;
    }
    long hi = Math.multiplyHigh(m, 1_000_000L);
    long lo = m * 1_000_000L;
    long q = (hi << (64 - k)) | (lo >>> k);
    long rem = lo & ((1L << k) - 1);
    long half = 1L << (k - 1);
    if (Long.compareUnsigned(rem, half) > 0 || (rem == half && (q & 1) == 1)) {
      q++;
    }
    return q;
  }

  /**
   * The shortest fixed form when {@code v} (positive, not whole) is some integer r over 10^m with r
   * below 2^53: then r / 10^m is a correctly rounded division of two exact doubles, which is
   * exactly "the decimal parses back to v". The first m with a unique r is the shortest; anything
   * less clear-cut returns false for the exact path.
   */
  private static boolean appendFewDecimals(TextBuffer b, double v) {
    for (int m = 1; m < POW10.length; m++) {
      double t = v * POW10[m];
      if (t >= TWO_POW_53) {
        return false;
      }
      double r = Math.rint(t);
      double found = -1;
      int matches = 0;
      for (double c = Math.max(0, r - 1); c <= r + 1; c++) {
        if (c / POW10[m] == v) {
          found = c;
          matches++;
        }
      }
      if (matches > 1) {
        return false; // several shortest candidates: let the exact path pick the closest
      }
      if (matches == 1) {
        long digits = (long) found;
        long p = (long) POW10[m];
        b.appendLong(digits / p).append((byte) '.').appendPadded(digits % p, m);
        return true;
      }
    }
    return false;
  }

  /**
   * The shortest decimal that parses back to {@code v} (positive, finite), closest to v among
   * those, as Go's strconv finds it. Round-half-even parsing accepts the interval's end points only
   * when v's mantissa is even.
   */
  static BigDecimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    BigDecimal below = new BigDecimal(Math.nextDown(v));
    BigDecimal above =
        v == Double.MAX_VALUE ? exact.add(exact.subtract(below)) : new BigDecimal(Math.nextUp(v));
    BigDecimal half = new BigDecimal("0.5");
    BigDecimal low = exact.add(below).multiply(half);
    BigDecimal high = exact.add(above).multiply(half);
    boolean inclusive = (Double.doubleToRawLongBits(v) & 1) == 0;
    for (int p = 1; p <= 17; p++) {
      BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (within(nearest, low, high, inclusive)) {
        return nearest.stripTrailingZeros();
      }
      RoundingMode otherWay =
          nearest.compareTo(exact) >= 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
      BigDecimal other = exact.round(new MathContext(p, otherWay));
      if (within(other, low, high, inclusive)) {
        return other.stripTrailingZeros();
      }
    }
    throw new AssertionError("17 digits always round-trip: " + v);
  }

  private static boolean within(BigDecimal d, BigDecimal low, BigDecimal high, boolean inclusive) {
    int l = d.compareTo(low);
    int h = d.compareTo(high);
    return inclusive ? l >= 0 && h <= 0 : l > 0 && h < 0;
  }

  /** Go's {@code 'e'} form with encoding/json's clean-up: 1e-07 becomes 1e-7, 1e+21 stays. */
  private static void appendExponent(TextBuffer b, BigDecimal d) {
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    b.append((byte) digits.charAt(0));
    if (digits.length() > 1) {
      b.append((byte) '.').appendAscii(digits.substring(1));
    }
    b.append((byte) 'e').append((byte) (exp < 0 ? '-' : '+'));
    int abs = Math.abs(exp);
    if (abs < 10 && exp >= 0) {
      b.append((byte) '0');
    }
    b.appendLong(abs);
  }
}
