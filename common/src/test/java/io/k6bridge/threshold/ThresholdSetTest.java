package io.k6bridge.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdSetTest {
  private final MetricRegistry registry = new MetricRegistry();
  private final Map<String, Sink> sinks = new HashMap<>();

  private ThresholdSet parse(String json) {
    return ThresholdSet.parse(json, registry);
  }

  private String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
  }

  @Test
  void parsesK6Shape() {
    ThresholdSet set =
        parse(
            "{\"http_req_duration\":[\"p(95)<500\",\"avg<200\"],"
                + "\"http_req_failed\":[{\"threshold\":\"rate<0.01\",\"abortOnFail\":true,"
                + "\"delayAbortEval\":\"10s\"}],"
                + "\"http_req_duration{status:200}\":[\"max<1000\"],"
                + "\"http_reqs{group:::login}\":[\"count>0\"]}");
    assertEquals(4, set.all().size());
    MetricThresholds failed = set.all().get(1);
    assertTrue(failed.thresholds().get(0).abortOnFail());
    assertEquals(Duration.ofSeconds(10), failed.thresholds().get(0).delayAbortEval());
    Submetric login = set.all().get(3).submetric();
    assertEquals("http_reqs{group:::login}", login.name());
    assertEquals(TagSet.builder().put("group", "::login").build(), login.tags());
    assertEquals(
        List.of("http_req_duration{status:200}", "http_reqs{group:::login}"),
        set.submetrics().stream()
            .map(Submetric::name)
            .collect(java.util.stream.Collectors.toList()));
    assertEquals(
        Map.of(
            "http_req_duration",
            List.of("\"p(95)<500\"", "\"avg<200\""),
            "http_req_failed",
            List.of(
                "{\"threshold\":\"rate<0.01\",\"abortOnFail\":true,\"delayAbortEval\":\"10s\"}")),
        ThresholdSet.jsonByMetric(set.definitions()));
    assertEquals(
        Map.of("http_req_duration", List.of("status:200"), "http_reqs", List.of("group:::login")),
        ThresholdSet.submetricsByMetric(set.definitions()));
  }

  @Test
  void definitionsAreWhatTheUserWroteInOrder() {
    ThresholdSet set =
        ThresholdSet.parse(
            "{\"http_req_duration{status:200}\":[\"max<1000\"],"
                + "\"http_req_duration{ status : '200' }\":"
                + "[{\"threshold\":\"p(99)<900\",\"abortOnFail\":true}],"
                + "\"checks\":[\"rate>0.9\"]}",
            new MetricRegistry());
    List<ThresholdDefinition> d = set.definitions();
    assertEquals(3, d.size());
    assertEquals("http_req_duration{status:200}", d.get(0).name());
    assertEquals(
        new ThresholdDefinition("http_req_duration", "status:200", "p(99)<900", true, null),
        d.get(1));
    assertEquals(new ThresholdDefinition("checks", "", "rate>0.9", false, null), d.get(2));
    // k6 takes two selectors of the same tags for one submetric, named as first written.
    assertEquals(
        Map.of("http_req_duration", List.of("status:200")), ThresholdSet.submetricsByMetric(d));
  }

  @Test
  void emptyMeansNone() {
    assertSame(ThresholdSet.NONE, parse(" "));
    assertTrue(parse("{}").isEmpty());
  }

  @Test
  void errorsNameMetricAndExpression() {
    assertEquals(
        "invalid threshold defined on foo; reason: no metric name \"foo\" found",
        error("{\"foo\":[\"count>0\"]}"));
    assertEquals(
        "invalid threshold \"count<5\" applied on metric http_req_duration; reason: unsupported"
            + " aggregation method count on metric of type trend. supported aggregation methods"
            + " for this metric are: avg, min, max, med, p",
        error("{\"http_req_duration\":[\"count<5\"]}"));
    assertEquals(
        "invalid threshold \"p(95)<5\" applied on metric http_reqs{status:200}; reason:"
            + " unsupported aggregation method p on metric of type counter. supported aggregation"
            + " methods for this metric are: count, rate",
        error("{\"http_reqs{status:200}\":[\"p(95)<5\"]}"));
    assertEquals(
        "unable to validate threshold \"p(95)<>\" on metric http_req_duration; reason: parsing"
            + " threshold failed failed parsing threshold expresion's \"p(95)<>\" right hand"
            + " side; reason: strconv.ParseFloat: parsing \">\": invalid syntax",
        error("{\"http_req_duration\":[\"p(95)<>\"]}"));
    assertEquals(
        "unable to validate threshold expressions; reason: parsing metric name failed, metric"
            + " \"http_reqs{status:200\" has unmatched opening/close curly brace",
        error("{\"http_reqs{status:200\":[\"count>0\"]}"));
    assertEquals(
        "unable to validate threshold expressions; reason: parsing metric name failed, metric"
            + " \"status\" tag expression is malformed",
        error("{\"http_reqs{status}\":[\"count>0\"]}"));
    assertTrue(error("{\"http_reqs\":\"count>0\"}").contains("must be a JSON array"));
    assertTrue(error("{\"http_reqs\":[\"count>0\"").startsWith("invalid JSON"));
  }

  @Test
  void evaluatesEveryMethodPerType() {
    registry.register("my_gauge", MetricType.GAUGE, ValueType.DEFAULT);
    ThresholdSet set =
        parse(
            "{\"http_reqs\":[\"count==4\",\"rate==2\"],\"http_req_failed\":[\"rate<0.5\"],"
                + "\"my_gauge\":[\"value==7\"],"
                + "\"http_req_duration\":[\"avg==25\",\"min==10\",\"max==40\",\"med>24.5\",\"med<25.5\","
                + "\"p(100)==40\",\"p(0)==10\"]}");
    CounterSink reqs = new CounterSink();
    RateSink failed = new RateSink();
    TrendSink duration = new TrendSink();
    for (int i = 1; i <= 4; i++) {
      reqs.add(0, 1);
      failed.add(0, i == 1 ? 1 : 0);
      duration.add(10.0 * i);
    }
    GaugeSink gauge = new GaugeSink();
    gauge.add(0, 7);
    sinks.put("http_reqs", reqs);
    sinks.put("http_req_failed", failed);
    sinks.put("http_req_duration", duration);
    sinks.put("my_gauge", gauge);
    ThresholdSet.Evaluation ok = set.evaluate(sinks::get, Duration.ofSeconds(2), false);
    assertEquals(List.of(), ok.breached());
    assertNull(ok.message());

    failed.add(0, 1);
    failed.add(0, 1);
    ThresholdSet.Evaluation bad = set.evaluate(sinks::get, Duration.ofSeconds(4), false);
    assertEquals(List.of("http_req_failed", "http_reqs"), bad.breached()); // rate 1/s, 50 %
    assertFalse(bad.abort());
    assertEquals(
        "thresholds on metrics 'http_req_failed, http_reqs' have been crossed", bad.message());
    assertTrue(set.all().get(0).thresholds().get(1).failed());
    assertFalse(set.all().get(0).thresholds().get(0).failed());
  }

  @Test
  void missingAggregatesPassAndEmptySinksSkipDuringRun() {
    ThresholdSet set = parse("{\"http_req_failed\":[\"rate<0.5\"],\"http_reqs\":[\"count>0\"]}");
    // During the run, metrics without samples are not evaluated.
    assertEquals(List.of(), set.evaluate(sinks::get, Duration.ofSeconds(1), true).breached());
    // At the end they are: an empty counter counts 0, an empty rate has no rate and passes.
    assertEquals(
        List.of("http_reqs"), set.evaluate(sinks::get, Duration.ofSeconds(1), false).breached());
    // A counter's rate at time zero is missing, so it passes.
    ThresholdSet rate = parse("{\"http_reqs\":[\"rate>5\"]}");
    sinks.put("http_reqs", new CounterSink());
    ((CounterSink) sinks.get("http_reqs")).add(0, 1);
    assertEquals(List.of(), rate.evaluate(sinks::get, Duration.ZERO, false).breached());
  }

  @Test
  void abortOnFailHonoursDelay() {
    ThresholdSet set =
        parse(
            "{\"http_req_failed\":[{\"threshold\":\"rate<0.1\",\"abortOnFail\":true,"
                + "\"delayAbortEval\":\"10s\"}],\"http_reqs\":[\"count<1\"]}");
    RateSink failed = new RateSink();
    failed.add(0, 1);
    sinks.put("http_req_failed", failed);
    ThresholdSet.Evaluation early = set.evaluate(sinks::get, Duration.ofSeconds(10), true);
    assertEquals(List.of("http_req_failed"), early.breached());
    assertFalse(early.abort());
    ThresholdSet.Evaluation late = set.evaluate(sinks::get, Duration.ofMillis(10_001), true);
    assertTrue(late.abort());
    assertEquals(
        "thresholds on metrics 'http_req_failed' were crossed; at least one has abortOnFail"
            + " enabled, stopping test prematurely",
        late.message());
    // Without a delay, the first failure aborts.
    ThresholdSet now =
        parse("{\"http_req_failed\":[{\"threshold\":\"rate<0.1\",\"abortOnFail\":true}]}");
    assertTrue(now.evaluate(sinks::get, Duration.ofMillis(1), true).abort());
  }

  @Test
  void submetricSelectorsMatchTags() {
    Submetric s = Submetric.of(BuiltinMetrics.HTTP_REQ_DURATION, " status:'200', group:::login ");
    assertEquals("http_req_duration{status:'200', group:::login}", s.name());
    assertTrue(
        s.matches(
            TagSet.builder().put("status", "200").put("group", "::login").put("x", "y").build()));
    assertFalse(s.matches(TagSet.builder().put("status", "200").put("group", "").build()));
    assertFalse(s.matches(TagSet.builder().put("status", "200").build()));
    // The same tags written twice are one submetric, under the first spelling.
    ThresholdSet set =
        parse(
            "{\"http_reqs{status:200}\":[\"count>0\"],\"http_reqs{ status:'200' }\":[\"count<9\"]}");
    assertEquals(1, set.submetrics().size());
    assertEquals("http_reqs{status:200}", set.all().get(1).name());
  }

  @Test
  void submetricCriteriaParseLikeK6() {
    assertEquals(
        TagSet.of(Map.of("expected_response", "true", "name", "x y", "empty", "")),
        Submetric.parseTags(" expected_response:true, name:'x y' ,empty:,"));
  }
}
