package io.k6bridge.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private final SeriesRegistry registry = new SeriesRegistry();

  private List<Sink> sinks(Timeline t, String group) {
    List<Sink> out = new ArrayList<>();
    t.sinksFor(
        registry.get(BuiltinMetrics.HTTP_REQS, TagSet.builder().put("group", group).build()), out);
    return out;
  }

  @Test
  void slotsAreTheMetricAndItsTagValuesUpToTheLimit() {
    Timeline t = new Timeline(10_000, List.of("group"), 1);
    assertEquals(2, sinks(t, "::a").size(), "http_reqs and http_reqs{group:::a}");
    assertEquals(1, sinks(t, "::b").size(), "past the limit: the metric's own line only");
    assertEquals(1, sinks(t, "").size(), "an empty value gets no line");
    assertEquals(2, sinks(t, "::a").size());
    List<String> names = new ArrayList<>();
    t.snapshot().slots().forEach(s -> names.add(s.name()));
    assertEquals(List.of("http_reqs", "http_reqs{group:::a}"), names);
  }

  @Test
  void periodsAlignToTheEpochAndDoubleWhenTooMany() {
    Timeline t = new Timeline(10_000, List.of(), 0);
    List<Sink> s = sinks(t, "");
    int periods = Timeline.MAX_PERIODS + 40;
    t.cut(5_000);
    for (int i = 0; i < periods; i++) {
      s.get(0).add(0, 1);
      t.cut((i + 1) * 10_000L + 700);
    }
    s.get(0).add(0, 1); // the current period, not yet cut
    ResultsFile.Timeline snapshot = t.snapshot();
    assertEquals(20_000, snapshot.periodMillis());
    assertTrue(snapshot.periods().size() <= Timeline.MAX_PERIODS + 1, "bounded");
    double total = 0;
    for (ResultsFile.TimelinePeriod p : snapshot.periods()) {
      assertEquals(0, p.startMillis() % 20_000, "aligned to the doubled period");
      total += ((CounterSink) p.sinks().get(0)).sum();
    }
    assertEquals(periods + 1, total, "nothing lost in doubling");
    assertEquals(2.0, ((CounterSink) snapshot.periods().get(0).sinks().get(0)).sum());
  }

  @Test
  void theTimelineReadsBackFromTheFile() {
    Timeline t = new Timeline(10_000, List.of("group"), 10);
    List<Sink> s = sinks(t, "::a");
    t.cut(1_000);
    s.forEach(x -> x.add(0, 3));
    t.cut(11_000);
    s.forEach(x -> x.add(0, 4));
    ResultsFile.Meta meta = new ResultsFile.Meta("t", "i", "JMeter", 0, 12_000, true, Map.of());
    ResultsFile.Timeline read =
        ResultsFile.decode(ResultsFile.encode(meta, List.of(), t.snapshot())).timeline();
    assertEquals(10_000, read.periodMillis());
    assertEquals(t.snapshot().slots(), read.slots());
    assertEquals(List.of(0L, 10_000L), read.periods().stream().map(p -> p.startMillis()).toList());
    assertEquals(4.0, ((CounterSink) read.periods().get(1).sinks().get(1)).sum());
  }
}
