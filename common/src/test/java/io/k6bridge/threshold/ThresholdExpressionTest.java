package io.k6bridge.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.MetricType;
import io.k6bridge.output.ThresholdDefinition;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from k6's metrics/thresholds_parser_test.go and thresholds_test.go. */
class ThresholdExpressionTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "count<100| count| <| 100",
        "  rate >= 0.95 | rate| >=| 0.95",
        "p(95)<=500| p(95)| <=| 500",
        "p(99.9) > 1.5| p(99.9)| >| 1.5",
        "p(0)==0| p(0)| ==| 0",
        "value===3| value| ===| 3",
        "avg!=1e3| avg| !=| 1000",
        "med<-2| med| <| -2",
        "max<Inf| max| <| Infinity",
        "min<0x1p-2| min| <| 0.25",
      })
  void parsesK6Grammar(String input, String key, String operator, double value) {
    ThresholdExpression e = ThresholdExpression.parse(input);
    assertEquals(key, e.aggregateKey());
    assertEquals(operator, e.operator());
    assertEquals(value, e.value());
  }

  @Test
  void operatorScanPrefersLessEqualOverLess() {
    assertEquals("<=", ThresholdExpression.parse("count<=1").operator());
    // "<" with nothing after it is skipped, as strings.Cut leaves an empty right side.
    assertEquals(">", ThresholdExpression.parse("count>1").operator());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "count 300| failed parsing threshold expression \"count 300\"; reason: malformed threshold expression",
        "count<| failed parsing threshold expression \"count<\"; reason: malformed threshold expression",
        "foo<300| failed parsing threshold expression's \"foo<300\" left hand side; reason: failed parsing method from expression",
        "p(abc)<300| failed parsing threshold expression's \"p(abc)<300\" left hand side; reason: malformed percentile value; reason: strconv.ParseFloat: parsing \"abc\": invalid syntax",
        "p(101)<300| failed parsing threshold expression's \"p(101)<300\" left hand side; reason: malformed percentile value, provide a number between 0 and 100",
        "p(-1)<300| failed parsing threshold expression's \"p(-1)<300\" left hand side; reason: malformed percentile value, provide a number between 0 and 100",
        "count<abc| failed parsing threshold expresion's \"count<abc\" right hand side; reason: strconv.ParseFloat: parsing \"abc\": invalid syntax",
        "count<10d| failed parsing threshold expresion's \"count<10d\" right hand side; reason: strconv.ParseFloat: parsing \"10d\": invalid syntax",
      })
  void rejectsWithK6Messages(String input, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThresholdExpression.parse(input));
    assertEquals(message, e.getMessage());
  }

  @Test
  void operators() {
    assertTrue(ThresholdExpression.parse("count>1").passes(2));
    assertFalse(ThresholdExpression.parse("count>1").passes(1));
    assertTrue(ThresholdExpression.parse("count>=1").passes(1));
    assertTrue(ThresholdExpression.parse("count<=1").passes(1));
    assertFalse(ThresholdExpression.parse("count<1").passes(1));
    assertTrue(ThresholdExpression.parse("count==1").passes(1));
    assertTrue(ThresholdExpression.parse("count===1").passes(1));
    assertFalse(ThresholdExpression.parse("count!=1").passes(1));
  }

  @Test
  void methodsPerMetricType() {
    ThresholdExpression p = ThresholdExpression.parse("p(95)<1");
    assertTrue(p.appliesTo(MetricType.TREND));
    assertFalse(p.appliesTo(MetricType.COUNTER));
    assertTrue(ThresholdExpression.parse("rate<1").appliesTo(MetricType.COUNTER));
    assertTrue(ThresholdExpression.parse("rate<1").appliesTo(MetricType.RATE));
    assertFalse(ThresholdExpression.parse("count<1").appliesTo(MetricType.RATE));
    assertTrue(ThresholdExpression.parse("value<1").appliesTo(MetricType.GAUGE));
    assertFalse(ThresholdExpression.parse("max<1").appliesTo(MetricType.GAUGE));
  }

  @Test
  void goFormats() {
    assertEquals("95", ThresholdExpression.goG(95));
    assertEquals("99.99", ThresholdExpression.goG(99.99));
    assertEquals("0.001", ThresholdExpression.goG(0.001));
    assertEquals("1e-05", ThresholdExpression.goG(0.00001));
    assertEquals("10s", Threshold.goDuration(Duration.ofSeconds(10)));
    assertEquals("1m30s", Threshold.goDuration(Duration.ofSeconds(90)));
    assertEquals("1.5s", Threshold.goDuration(Duration.ofMillis(1500)));
    assertEquals("250ms", Threshold.goDuration(Duration.ofMillis(250)));
    assertEquals("1h0m0s", Threshold.goDuration(Duration.ofHours(1)));
  }

  @Test
  void jsonForms() {
    assertEquals(
        "\"p(95)<500\"",
        Threshold.json(new ThresholdDefinition("m", "", "p(95)<500", false, null)));
    assertEquals(
        "{\"threshold\":\"rate<0.01\",\"abortOnFail\":true,\"delayAbortEval\":\"10s\"}",
        Threshold.json(
            new ThresholdDefinition("m", "", "rate<0.01", true, Duration.ofSeconds(10))));
    assertEquals(
        "{\"threshold\":\"rate<0.01\",\"abortOnFail\":true,\"delayAbortEval\":null}",
        Threshold.json(new ThresholdDefinition("m", "", "rate<0.01", true, null)));
  }
}
