package io.k6bridge.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.results.ResultsFile.Meta;
import io.k6bridge.results.ResultsFile.Results;
import io.k6bridge.results.ResultsFile.SeriesResult;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class ResultsFileTest {
  private static final Meta META =
      new Meta(
          "shop.jmx",
          "host-1",
          "JMeter",
          1_000,
          61_000,
          true,
          Map.of("cpu_peak", "55% process, 100% machine", "saturated", "no"));
  private static final TagSet TAGS =
      TagSet.builder().put("name", "home \"quoted\" ü").put("status", "200").build();

  static TrendSink trend(double... values) {
    TrendSink t = new TrendSink();
    for (double v : values) {
      t.add(v);
    }
    return t;
  }

  private static SeriesResult series(String metric, MetricType type, ValueType v, Sink sink) {
    return new SeriesResult(metric, type, v, TAGS, sink);
  }

  private static Results roundTrip(List<SeriesResult> series) {
    return ResultsFile.decode(ResultsFile.encode(META, series, ResultsFile.Timeline.EMPTY));
  }

  @Test
  void everyKindOfSeriesComesBackExactly() {
    CounterSink counter = new CounterSink();
    counter.add(1, 3);
    counter.add(2, 0.25);
    RateSink rate = RateSink.restore(7, 9);
    GaugeSink gauge = GaugeSink.restore(-2.5, -3, 4);
    TrendSink trend = trend(0, 1e-9, 0.5, 1, 2, 16, 16.0625, 999.9, 1e7, 123456.789);
    Results r =
        roundTrip(
            List.of(
                series("http_reqs", MetricType.COUNTER, ValueType.DEFAULT, counter),
                series("checks", MetricType.RATE, ValueType.DEFAULT, rate),
                series("vus", MetricType.GAUGE, ValueType.DEFAULT, gauge),
                series("http_req_duration", MetricType.TREND, ValueType.TIME, trend),
                series("empty", MetricType.COUNTER, ValueType.DEFAULT, new CounterSink())));
    assertEquals(META, r.meta());
    assertEquals(4, r.series().size(), "a series without samples is not written");
    assertEquals(TAGS, r.series().get(0).tags());
    assertEquals(3.25, ((CounterSink) r.series().get(0).sink()).sum());
    RateSink rate2 = (RateSink) r.series().get(1).sink();
    assertEquals(7, rate2.nonZero());
    assertEquals(9, rate2.total());
    GaugeSink gauge2 = (GaugeSink) r.series().get(2).sink();
    assertEquals(List.of(-2.5, -3.0, 4.0), List.of(gauge2.last(), gauge2.min(), gauge2.max()));
    SeriesResult t = r.series().get(3);
    assertEquals(ValueType.TIME, t.contains());
    assertSameTrend(trend, (TrendSink) t.sink());
  }

  @Test
  void notFiniteGaugeValuesComeBack() {
    GaugeSink gauge =
        GaugeSink.restore(Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    GaugeSink back =
        (GaugeSink)
            roundTrip(List.of(series("g", MetricType.GAUGE, ValueType.DEFAULT, gauge)))
                .series()
                .get(0)
                .sink();
    assertTrue(Double.isNaN(back.last()));
    assertEquals(Double.NEGATIVE_INFINITY, back.min());
    assertEquals(Double.POSITIVE_INFINITY, back.max());
  }

  /** The merge's foundation: a trend restored and merged from parts is the trend of all values. */
  @Test
  void aTrendMergedFromPartsIsTheTrendOfAllItsValues() {
    Random random = new Random(42);
    TrendSink all = new TrendSink();
    List<TrendSink> parts = List.of(new TrendSink(), new TrendSink(), new TrendSink());
    for (int i = 0; i < 30_000; i++) {
      // Whole milliseconds, as JMeter and Gatling measure, so that sums are exact in any order.
      double v = Math.floor(Math.exp(random.nextGaussian() * 1.5 + 4));
      all.add(v);
      parts.get(random.nextInt(3)).add(v);
    }
    TrendSink merged = new TrendSink();
    for (TrendSink p : parts) {
      Results r = roundTrip(List.of(series("d", MetricType.TREND, ValueType.TIME, p)));
      merged.merge(r.series().get(0).sink());
    }
    assertSameTrend(all, merged);
  }

  public static void assertSameTrend(TrendSink expected, TrendSink actual) {
    assertEquals(expected.count(), actual.count());
    assertEquals(expected.zeroCount(), actual.zeroCount());
    assertEquals(expected.sum(), actual.sum());
    assertEquals(expected.min(), actual.min());
    assertEquals(expected.max(), actual.max());
    for (double p : new double[] {0, 0.5, 0.9, 0.95, 0.99, 0.999, 1}) {
      assertEquals(expected.percentile(p), actual.percentile(p), "p" + p);
    }
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    expected.forEachBucket((lower, upper, count) -> a.add(lower + ":" + count));
    actual.forEachBucket((lower, upper, count) -> b.add(lower + ":" + count));
    assertEquals(a, b);
  }

  @Test
  void badFilesAreRefusedSayingWhatIsWrong() {
    String good =
        ResultsFile.encode(
            META,
            List.of(series("d", MetricType.TREND, ValueType.TIME, trend(1, 2, 3))),
            ResultsFile.Timeline.EMPTY);
    assertMessage("not a complete JSON document", good.substring(0, good.length() / 2));
    assertMessage("not a complete JSON document", "<html>");
    assertMessage("not a k6bridge results file", "{\"series\":[]}");
    assertMessage(
        "results format version 2.0; this k6bridge reads version 1",
        good.replace("\"version\":1", "\"version\":2"));
    assertMessage("is not a trend bucket", good.replace("[1,1]", "[1.001,1]"));
    assertMessage(
        "the buckets hold 3 values, the trend counts 4",
        good.replace("\"count\":3", "\"count\":4"));
    assertMessage("no \"passes\" number", good.replace("\"type\":\"trend\"", "\"type\":\"rate\""));
  }

  private static void assertMessage(String expected, String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResultsFile.decode(text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
