package io.k6bridge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayedInjectorsTest {
  @Test
  void theirUsersAreEachInjectorsLatestCountSummedAndTheirPeak() {
    RelayedInjectors r = new RelayedInjectors();
    assertFalse(r.seen());
    long now = System.currentTimeMillis();
    r.received("a:1", 3, now);
    r.received("b:1", 4, now);
    r.received("a:1", 5, now);
    assertTrue(r.seen());
    assertEquals(9, r.activeUsers());
    r.received("b:1", 0, now);
    r.received("a:1", 1, now);
    assertEquals(1, r.activeUsers());
    assertEquals(9, r.peakUsers());
  }

  @Test
  void eachInjectorsWorstLagIsReportedOncePerDrain() {
    RelayedInjectors r = new RelayedInjectors();
    long now = System.currentTimeMillis();
    r.received("a:1", 1, now - 5_000);
    r.received("a:1", 1, now - 100);
    r.received("b:1", 1, now + 60_000); // a clock ahead of ours: no negative lag
    Map<String, Long> lags = r.drainLags();
    assertTrue(lags.get("a:1") >= 5_000 && lags.get("a:1") < 6_000, lags.toString());
    assertEquals(0, lags.get("b:1"));
    assertEquals(Map.of(), r.drainLags(), "nothing arrived since");
  }
}
