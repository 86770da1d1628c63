package io.k6bridge.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesRegistryTest {
  private final List<String> told = new ArrayList<>();
  private final SeriesRegistry.Listener listener =
      new SeriesRegistry.Listener() {
        @Override
        public void tooManySeries(int series, String tag, int distinctValues) {
          told.add("warn " + series + " " + tag + " " + distinctValues);
        }

        @Override
        public void folding(long maxSeries, Set<String> droppedTags) {
          told.add("fold " + maxSeries + " " + droppedTags);
        }
      };

  private static TagSet request(int id, String status) {
    return TagSet.of(
        Map.of(
            "testid", "t1", "name", "order", "status", status, "url", "http://shop/order/" + id));
  }

  @Test
  void beyondTheLimitNewSeriesAreFoldedWithoutTheTagThatMadeThem() {
    SeriesRegistry registry =
        new SeriesRegistry(1_000, TagSet.of(Map.of("testid", "t1")), listener);
    for (int i = 0; i < 1_000; i++) {
      Series s = registry.get(BuiltinMetrics.HTTP_REQS, request(i, i % 2 == 0 ? "200" : "500"));
      assertEquals("http://shop/order/" + i, s.tags().get("url"));
    }
    assertFalse(registry.full());
    Series folded = registry.get(BuiltinMetrics.HTTP_REQS, request(5_000, "200"));
    assertTrue(registry.full());
    assertEquals(List.of("fold 1000 [url]"), told);
    assertEquals(
        TagSet.of(
            Map.of(
                "testid",
                "t1",
                "name",
                "order",
                "status",
                "200",
                SeriesRegistry.OVERFLOW_TAG,
                "true")),
        folded.tags());
    assertSame(folded, registry.get(BuiltinMetrics.HTTP_REQS, request(5_001, "200")));
    assertNull(registry.get(BuiltinMetrics.HTTP_REQS, request(5_002, "500")).tags().get("url"));
    assertEquals(3, registry.foldedLookups());
    assertEquals(1_002, registry.size(), "one folded series per status");
    assertSame(
        registry.get(BuiltinMetrics.HTTP_REQS, request(7, "500")),
        registry.get(BuiltinMetrics.HTTP_REQS, request(7, "500")),
        "known series stay as they are");
  }

  @Test
  void foldedSeriesAreBoundedTooWhenEveryTagIsUnique() {
    SeriesRegistry registry = new SeriesRegistry(100, TagSet.of(Map.of("testid", "t1")), listener);
    for (int i = 0; i < 10_000; i++) {
      registry.get(
          BuiltinMetrics.HTTP_REQS,
          TagSet.of(Map.of("testid", "t1", "a", "a" + i % 97, "b", "b" + i % 89)));
    }
    assertTrue(registry.size() <= 100 + 10 + 1, "size " + registry.size());
    assertSame(
        registry.get(
            BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("testid", "t1", "a", "new", "b", "new"))),
        registry.get(
            BuiltinMetrics.HTTP_REQS,
            TagSet.of(Map.of("testid", "t1", SeriesRegistry.OVERFLOW_TAG, "true"))));
  }

  @Test
  void warnsAsK6DoesAtAHundredThousandSeriesNamingTheTagToBlame() {
    SeriesRegistry registry = new SeriesRegistry(Long.MAX_VALUE, TagSet.EMPTY, listener);
    for (int i = 0; i < SeriesRegistry.WARNING_SERIES; i++) {
      registry.get(BuiltinMetrics.HTTP_REQS, request(i, "200"));
    }
    assertEquals(List.of("warn 100000 url 100000"), told);
    registry.get(BuiltinMetrics.HTTP_REQS, request(-1, "200"));
    assertEquals(1, told.size(), "the next warning comes at 200,000");
  }

  @Test
  void loneSurrogatesInTagsBecomeReplacementCharacters() {
    TagSet tags =
        TagSet.of(Map.of("name", "cut \uD83D", "check", "\uDE00 low", "ok", "\uD83D\uDE00"));
    assertEquals("cut \uFFFD", tags.get("name"));
    assertEquals("\uFFFD low", tags.get("check"));
    assertEquals("\uD83D\uDE00", tags.get("ok"));
    assertSame(
        tags,
        TagSet.builder()
            .put("name", "cut \uD83D")
            .put("check", "\uDE00 low")
            .put("ok", "\uD83D\uDE00")
            .build());
  }
}
