package io.k6bridge.itdashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber to {@code /events}, reading frames on its own thread exactly as they arrive: each
 * frame's lines are kept in order so the test can check the layout, not just the meaning.
 */
final class SseFrames implements AutoCloseable {
  /** One frame: its raw lines (blank terminator excluded) and the fields they hold. */
  record Frame(List<String> lines, long id, String event, String data, String retry) {}

  private final List<Frame> frames = new ArrayList<>();
  private final Thread reader;
  private volatile boolean ended;
  private volatile Exception failure;
  private volatile HttpResponse<java.io.InputStream> response;

  private SseFrames(String url) {
    reader = new Thread(() -> read(url), "sse-" + url);
    reader.setDaemon(true);
    reader.start();
  }

  static SseFrames open(String url) {
    return new SseFrames(url);
  }

  /** The response headers, once connected. */
  HttpResponse<java.io.InputStream> response() {
    return response;
  }

  private void read(String url) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.isEmpty()) {
            lines.add(line);
            continue;
          }
          add(frame(lines));
          lines = new ArrayList<>();
        }
      }
    } catch (IOException | InterruptedException e) {
      failure = e;
    } finally {
      ended = true;
    }
  }

  private static Frame frame(List<String> lines) {
    long id = -1;
    String event = null;
    String data = null;
    String retry = null;
    for (String l : lines) {
      int colon = l.indexOf(": ");
      String field = l.substring(0, colon);
      String value = l.substring(colon + 2);
      switch (field) {
        case "id" -> id = Long.parseLong(value);
        case "event" -> event = value;
        case "data" -> data = value;
        case "retry" -> retry = value;
        default -> throw new AssertionError("unexpected field in " + lines);
      }
    }
    return new Frame(List.copyOf(lines), id, event, data, retry);
  }

  private synchronized void add(Frame f) {
    frames.add(f);
    notifyAll();
  }

  synchronized List<Frame> frames() {
    return List.copyOf(frames);
  }

  boolean ended() {
    return ended;
  }

  Exception failure() {
    return failure;
  }

  /** Waits until {@code n} frames of {@code event} arrived, or fails after {@code seconds}. */
  synchronized void awaitCount(String event, int n, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (count(event) < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || (ended && count(event) < n)) {
        throw new AssertionError(
            "got "
                + count(event)
                + " '"
                + event
                + "' events of "
                + n
                + " expected; ended="
                + ended
                + " failure="
                + failure
                + "; frames: "
                + frames.size());
      }
      wait(Math.max(1, Math.min(left / 1_000_000, 500)));
    }
  }

  /** Waits until at least {@code n} frames arrived. */
  synchronized void awaitFrames(int n, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (frames.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("got " + frames.size() + " frames of " + n + " expected");
      }
      wait(Math.max(1, Math.min(left / 1_000_000, 500)));
    }
  }

  private int count(String event) {
    int c = 0;
    for (Frame f : frames) {
      if (event.equals(f.event())) {
        c++;
      }
    }
    return c;
  }

  void awaitEnd(long seconds) throws InterruptedException {
    reader.join(seconds * 1000);
  }

  @Override
  public void close() {
    reader.interrupt();
  }
}
