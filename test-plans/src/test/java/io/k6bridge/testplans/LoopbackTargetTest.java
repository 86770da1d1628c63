package io.k6bridge.testplans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackTargetTest {

  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void answersEachEndpointAndCountsRequestsPerPath(@TempDir Path dir) throws Exception {
    Path counts = dir.resolve("counts.properties");
    try (LoopbackTarget target = LoopbackTarget.start(0, counts)) {
      HttpResponse<String> ok = get(target, "/ok");
      assertEquals(200, ok.statusCode());
      assertEquals(new String(LoopbackTarget.OK_BODY), ok.body());
      HttpResponse<String> redirect = get(target, "/redirect");
      assertEquals(302, redirect.statusCode());
      assertEquals("/ok", redirect.headers().firstValue("Location").orElseThrow());
      assertEquals(500, get(target, "/error").statusCode());
      assertEquals(404, get(target, "/missing").statusCode());
      assertEquals(404, get(target, "/missing?x=1").statusCode());

      assertEquals(
          Map.of("/ok", 1L, "/redirect", 1L, "/error", 1L, "/missing", 2L), target.counts());
      assertFalse(Files.exists(counts), "written at stop, not before");
    }
    assertEquals("/error=1\n/missing=2\n/ok=1\n/redirect=1\n", Files.readString(counts));
  }

  @Test
  void delaysTheAnswerByTheDelayParameter() throws Exception {
    try (LoopbackTarget target = LoopbackTarget.start(0, null)) {
      long start = System.nanoTime();
      assertEquals(200, get(target, "/ok?delay=200").statusCode());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 200);
    }
    assertEquals(0, LoopbackTarget.delayMillis(null));
    assertEquals(0, LoopbackTarget.delayMillis("delay=abc"));
    assertEquals(10_000, LoopbackTarget.delayMillis("a=1&delay=99999999"));
  }

  @Test
  void tailAnswersOkAfterTheLongTailedDelayOfItsRequestNumber() throws Exception {
    try (LoopbackTarget target = LoopbackTarget.start(0, null)) {
      for (long n = 0; n < 3; n++) {
        long start = System.nanoTime();
        HttpResponse<String> tail = get(target, "/tail?delay=5000");
        long took = System.nanoTime() - start;
        assertEquals(200, tail.statusCode());
        assertEquals(new String(LoopbackTarget.OK_BODY), tail.body());
        assertTrue(
            took >= LoopbackTarget.tailDelayNanos(n), "request " + n + " took " + took + " ns");
        assertTrue(took < TimeUnit.SECONDS.toNanos(5), "delay= does not apply to /tail");
      }
      assertEquals(Map.of("/tail", 3L), target.counts());
    }
  }

  @Test
  void tailDelaysAreALognormalBodyWithAParetoTail() {
    int n = 200_000;
    double[] millis = new double[n];
    for (int i = 0; i < n; i++) {
      millis[i] = LoopbackTarget.tailDelayNanos(i) / 1e6;
    }
    assertEquals(
        LoopbackTarget.tailDelayNanos(12345),
        LoopbackTarget.tailDelayNanos(12345),
        "deterministic");
    Arrays.sort(millis);
    double median = millis[n / 2];
    // 2 % in the tail moves the body's 2 ms median to its 51st percentile: 2.03 ms.
    assertTrue(median > 1.95 && median < 2.1, "median " + median);
    // The 99th percentile is the tail's median (20 ms × 2^(1/1.2) = 35.6 ms), the 99.9th its 95th
    // (242 ms).
    assertTrue(
        millis[n * 99 / 100] > 30 && millis[n * 99 / 100] < 42, "p(99) " + millis[n * 99 / 100]);
    assertTrue(
        millis[n * 999 / 1000] > 200 && millis[n * 999 / 1000] < 290,
        "p(99.9) " + millis[n * 999 / 1000]);
    assertTrue(millis[0] > 0, "min " + millis[0]);
    assertEquals(1500, millis[n - 1], "the tail is cut at 1.5 s");
  }

  @Test
  void stopWritesTheCountsWithoutCountingItselfAndStops(@TempDir Path dir) throws Exception {
    Path counts = dir.resolve("counts.properties");
    try (LoopbackTarget target = LoopbackTarget.start(0, counts)) {
      LoopbackTargetControl.await(target.port(), Duration.ofSeconds(5));
      get(target, "/ok");
      LoopbackTargetControl.stop(target.port());
      assertEquals("/ok=1\n", Files.readString(counts));
      assertThrows(
          java.io.IOException.class,
          () -> {
            // The stop completes on another thread; give it a moment, then nothing listens any
            // more.
            Thread.sleep(500);
            get(target, "/ok");
          });
    }
  }

  @Test
  void awaitFailsWhenNothingListens() throws Exception {
    int port;
    try (LoopbackTarget target = LoopbackTarget.start(0, null)) {
      port = target.port();
    }
    assertThrows(
        java.io.IOException.class, () -> LoopbackTargetControl.await(port, Duration.ofMillis(300)));
  }

  private HttpResponse<String> get(LoopbackTarget target, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
