package io.k6bridge.threshold;

import io.k6bridge.metrics.MetricType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One parsed threshold expression, such as {@code p(95) < 500}: an aggregation method, an operator
 * and a number. Parsing follows k6's metrics/thresholds_parser.go, including its error messages and
 * its operator scan (the first of {@code <= < >= > === == !=} found with text after it wins).
 */
public final class ThresholdExpression {
  private static final List<String> OPERATORS = List.of("<=", "<", ">=", ">", "===", "==", "!=");
  private static final List<String> METHODS =
      List.of("value", "count", "rate", "avg", "min", "med", "max");

  /** Go's strconv.ParseFloat syntax (decimal or hex float, inf, nan); Java's is looser. */
  private static final Pattern GO_FLOAT =
      Pattern.compile(
          "[+-]?(?:(?:\\d+(?:_\\d+)*\\.?\\d*(?:_\\d+)*|\\.\\d+)(?:[eE][+-]?\\d+)?"
              + "|0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+"
              + "|(?i:inf|infinity|nan))");

  private final String method;
  private final double percentile;
  private final String operator;
  private final double value;

  private ThresholdExpression(String method, double percentile, String operator, double value) {
    this.method = method;
    this.percentile = percentile;
    this.operator = operator;
    this.value = value;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException with k6's message for the same input
   */
  public static ThresholdExpression parse(String input) {
    String left = null;
    String operator = null;
    String right = null;
    for (String op : OPERATORS) {
      int at = input.indexOf(op);
      if (at >= 0 && at + op.length() < input.length()) {
        left = input.substring(0, at).trim();
        operator = op;
        right = input.substring(at + op.length()).trim();
        break;
      }
    }
    if (operator == null) {
      throw new IllegalArgumentException(
          "failed parsing threshold expression "
              + quote(input)
              + "; reason: malformed threshold expression");
    }
    String method;
    double percentile = Double.NaN;
    if (METHODS.contains(left)) {
      method = left;
    } else if (left.startsWith("p(") && left.endsWith(")")) {
      String number = left.substring(2, left.length() - 1);
      percentile =
          goParseFloat(
              number,
              "failed parsing threshold expression's "
                  + quote(input)
                  + " left hand side; reason: malformed percentile value; reason: ");
      if (Double.isNaN(percentile) || percentile < 0 || percentile > 100) {
        throw new IllegalArgumentException(
            "failed parsing threshold expression's "
                + quote(input)
                + " left hand side; reason: "
                + "malformed percentile value, provide a number between 0 and 100");
      }
      method = "p";
    } else {
      throw new IllegalArgumentException(
          "failed parsing threshold expression's "
              + quote(input)
              + " left hand side; reason: "
              + "failed parsing method from expression");
    }
    double value =
        goParseFloat(
            right,
            "failed parsing threshold expresion's "
                + quote(input) // k6's spelling
                + " right hand side; reason: ");
    return new ThresholdExpression(method, percentile, operator, value);
  }

  private static double goParseFloat(String text, String context) {
    if (!GO_FLOAT.matcher(text).matches()) {
      throw new IllegalArgumentException(
          context + "strconv.ParseFloat: parsing " + quote(text) + ": invalid syntax");
    }
    String t = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("inf") || t.endsWith("infinity")) {
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (t.endsWith("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(t);
  }

  /** Go's %q for the printable text thresholds are written in. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** count, rate, value, avg, min, med, max, or p for percentiles. */
  public String method() {
    return method;
  }

  /** The percentile in [0, 100] for method p, NaN otherwise. */
  public double percentile() {
    return percentile;
  }

  public String operator() {
    return operator;
  }

  public double value() {
    return value;
  }

  /** The aggregate this reads: the method, or {@code p(N)} with N as Go's %g prints it. */
  public String aggregateKey() {
    return method.equals("p") ? "p(" + goG(percentile) + ")" : method;
  }

  /** Whether k6 allows this method on a metric of {@code type} (metrics/metric_type.go). */
  public boolean appliesTo(MetricType type) {
    return supportedMethods(type).contains(method);
  }

  /** k6's list of methods for {@code type}, in its order, for error messages. */
  public static List<String> supportedMethods(MetricType type) {
    switch (type) {
      case COUNTER:
        return List.of("count", "rate");
      case GAUGE:
        return List.of("value");
      case RATE:
        return List.of("rate");
      case TREND:
        return List.of("avg", "min", "max", "med", "p");
      default:
        throw new IllegalArgumentException(type.toString());
    }
  }

  /** Whether {@code aggregate} satisfies the expression (k6's Threshold.runNoTaint). */
  public boolean passes(double aggregate) {
    switch (operator) {
      case ">":
        return aggregate > value;
      case ">=":
        return aggregate >= value;
      case "<=":
        return aggregate <= value;
      case "<":
        return aggregate < value;
      case "==":
      case "===":
        return aggregate == value;
      case "!=":
        return aggregate != value;
      default:
        throw new IllegalStateException(operator);
    }
  }

  /** Go's {@code %g} (shortest representation) for percentiles, which lie in [0, 100]. */
  static String goG(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e21) {
      return Long.toString((long) v);
    }
    java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent < -4) {
      String digits = d.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (v < 0 ? "-" : "") + mantissa + "e-" + (-exponent < 10 ? "0" : "") + (-exponent);
    }
    return d.toPlainString();
  }
}
