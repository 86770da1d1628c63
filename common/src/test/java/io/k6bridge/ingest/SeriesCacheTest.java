package io.k6bridge.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  /** A key whose hash collides for every tenth name, so chains and resizes are exercised. */
  static final class NameKey implements SeriesCache.Key<NameKey> {
    String name;

    NameKey fill(String name) {
      this.name = name;
      return this;
    }

    @Override
    public int hash() {
      return name.length() % 10;
    }

    @Override
    public boolean matches(NameKey other) {
      return name.equals(other.name);
    }

    @Override
    public NameKey copy() {
      return new NameKey().fill(name);
    }
  }

  private final AtomicInteger created = new AtomicInteger();
  private final AtomicBoolean full = new AtomicBoolean();
  private final SeriesCache<NameKey, String> cache =
      new SeriesCache<>(
          k -> {
            created.incrementAndGet();
            return "v:" + k.name;
          },
          full::get);

  @Test
  void createsOncePerKeyThroughResizesWithOneReusedProbe() {
    NameKey probe = new NameKey();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) {
        assertEquals("v:" + "x".repeat(i % 37) + i, cache.get(probe.fill("x".repeat(i % 37) + i)));
      }
    }
    assertEquals(500, created.get());
  }

  @Test
  void keepsNothingNewOnceTheRunIsFull() {
    NameKey probe = new NameKey();
    String kept = cache.get(probe.fill("kept"));
    full.set(true);
    cache.get(probe.fill("new"));
    cache.get(probe.fill("new"));
    assertEquals(3, created.get(), "a new key is created on every lookup, never stored");
    assertSame(kept, cache.get(probe.fill("kept")));
    assertEquals(3, created.get());
  }
}
