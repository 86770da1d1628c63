package io.k6bridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagSetTest {
  private static List<String> keys(TagSet t) {
    List<String> k = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      k.add(t.key(i));
    }
    return k;
  }

  @Test
  void equalTagSetsAreTheSameInstanceHoweverBuilt() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("status", "200");
    m.put("method", "GET");
    TagSet a = TagSet.of(m);
    TagSet b = TagSet.builder().put("method", "GET").put("status", "200").build();
    TagSet c = TagSet.builder().put("method", "GET").build().with("status", "200");
    TagSet d = TagSet.of(new HashMap<>(m)).toBuilder().remove("x").build();
    assertSame(a, b);
    assertSame(a, c);
    assertSame(a, d);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void emptyIsInterned() {
    assertSame(TagSet.EMPTY, TagSet.of(Map.of()));
    assertSame(TagSet.EMPTY, TagSet.builder().build());
    assertSame(TagSet.EMPTY, TagSet.builder().put("a", "1").remove("a").build());
    assertEquals(0, TagSet.EMPTY.size());
  }

  @Test
  void differentTagSetsDiffer() {
    TagSet a = TagSet.builder().put("a", "1").put("b", "2").build();
    assertNotEquals(a, TagSet.builder().put("a", "1").put("b", "3").build());
    assertNotEquals(a, TagSet.builder().put("a", "1").build());
    // Same keys and values, paired differently.
    assertNotEquals(a, TagSet.builder().put("a", "2").put("b", "1").build());
    assertNotEquals(a, "a=1,b=2");
  }

  @Test
  void keysAreSortedAsK6SortsThem() {
    TagSet t =
        TagSet.builder()
            .put("url", "u")
            .put("Zed", "z")
            .put("expected_response", "true")
            .put("_x", "x")
            .put("a", "1")
            .build();
    assertEquals(List.of("Zed", "_x", "a", "expected_response", "url"), keys(t));
  }

  @Test
  void keysSortByteWiseInUtf8EvenBeyondTheBasicPlane() {
    // U+FFFD is EF BF BD in UTF-8 and U+1F600 is F0 9F 98 80: Go sorts the emoji last, while
    // Java's String order (UTF-16 units, D83D < FFFD) would put it first.
    String replacement = "\uFFFD";
    String emoji = "\uD83D\uDE00";
    TagSet t = TagSet.builder().put(emoji, "e").put(replacement, "r").put("z", "z").build();
    assertEquals(List.of("z", replacement, emoji), keys(t));
    assertEquals("e", t.get(emoji));
    assertEquals("r", t.get(replacement));
    assertEquals(List.of("z", replacement, emoji), new ArrayList<>(t.asMap().keySet()));
  }

  @Test
  void getAndWith() {
    TagSet t = TagSet.builder().put("method", "GET").put("status", "200").build();
    assertEquals("GET", t.get("method"));
    assertNull(t.get("name"));
    TagSet changed = t.with("status", "404");
    assertEquals("404", changed.get("status"));
    assertEquals("200", t.get("status"), "immutable");
    assertNotSame(t, changed);
    assertEquals(Map.of("method", "GET", "status", "404"), changed.asMap());
  }

  @Test
  void putAllOverridesAndEmptyValuesAreKept() {
    TagSet run = TagSet.builder().put("testid", "run-42").put("group", "x").build();
    TagSet t = TagSet.builder().put("group", "").putAll(run).put("group", "").build();
    assertEquals(Map.of("testid", "run-42", "group", ""), t.asMap());
  }

  @Test
  void nullKeysAndValuesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TagSet.builder().put("a", null));
    assertThrows(IllegalArgumentException.class, () -> TagSet.builder().put(null, "a"));
  }
}
