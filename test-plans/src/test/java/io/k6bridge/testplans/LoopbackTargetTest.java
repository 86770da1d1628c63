package io.k6bridge.testplans;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackTargetTest {

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

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

            assertEquals(Map.of("/ok", 1L, "/redirect", 1L, "/error", 1L, "/missing", 2L), target.counts());
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
    void stopWritesTheCountsWithoutCountingItselfAndStops(@TempDir Path dir) throws Exception {
        Path counts = dir.resolve("counts.properties");
        try (LoopbackTarget target = LoopbackTarget.start(0, counts)) {
            LoopbackTargetControl.await(target.port(), Duration.ofSeconds(5));
            get(target, "/ok");
            LoopbackTargetControl.stop(target.port());
            assertEquals("/ok=1\n", Files.readString(counts));
            assertThrows(java.io.IOException.class, () -> {
                // The stop completes on another thread; give it a moment, then nothing listens any more.
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
        assertThrows(java.io.IOException.class, () -> LoopbackTargetControl.await(port, Duration.ofMillis(300)));
    }

    private HttpResponse<String> get(LoopbackTarget target, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
