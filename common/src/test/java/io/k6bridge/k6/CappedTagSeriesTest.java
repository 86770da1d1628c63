package io.k6bridge.k6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.SeriesRegistry;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CappedTagSeriesTest {
  private final SeriesRegistry registry = new SeriesRegistry();
  private final Metric errors = new Metric("errors", MetricType.COUNTER, ValueType.DEFAULT);
  private final CappedTagSeries capped =
      new CappedTagSeries(
          new K6Series(registry, TagSet.of(java.util.Map.of("testid", "t")), SystemTags.DEFAULT),
          errors,
          "error",
          3,
          "other");

  @Test
  void keepsTheFirstValuesThenSharesTheOverflowValue() {
    Series a = capped.get("a");
    assertSame(a, capped.get("a"));
    capped.get("b");
    capped.get("c");
    assertEquals("other", capped.get("d").tags().get("error"));
    assertSame(capped.get("d"), capped.get("e"));
    assertSame(a, capped.get("a"), "a value kept before the cap keeps its own series");
    assertEquals("t", a.tags().get("testid"));
    Set<String> values = new HashSet<>();
    for (String v : new String[] {"a", "b", "c", "d", "e", "f"}) {
      values.add(capped.get(v).tags().get("error"));
    }
    assertEquals(Set.of("a", "b", "c", "other"), values);
  }
}
