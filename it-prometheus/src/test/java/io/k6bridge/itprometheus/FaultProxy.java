package io.k6bridge.itprometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.k6bridge.testplans.MetricStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sits between the plugin and a remote write receiver and misbehaves on a schedule: answers 500 or
 * 429 without forwarding, stalls connections, or goes away entirely (connection refused) and comes
 * back on the same port. Otherwise it forwards the request as is, to the same path and query on the
 * upstream's server.
 */
final class FaultProxy implements AutoCloseable {
  enum Mode {
    FORWARD,
    ERROR_500,
    TOO_MANY_429,
    STALL
  }

  private final int port;
  private final String upstream;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
  private volatile Mode mode = Mode.FORWARD;
  private final java.util.List<Runnable> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicBoolean started =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile HttpServer server;
  final AtomicLong forwarded = new AtomicLong();
  final AtomicLong faulted = new AtomicLong();

  FaultProxy(String upstream) throws IOException {
    this.upstream = upstream;
    this.port = MetricStore.freePort();
    up();
  }

  String url() {
    return base() + "/api/v1/write";
  }

  /** Scheme, host and port: where a client that builds its own paths (InfluxDB's) points. */
  String base() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * From {@code fromSeconds} after the first request (when the load has started), behave as {@code
   * m} until {@code toSeconds}. Phases must not overlap.
   */
  FaultProxy at(double fromSeconds, double toSeconds, Mode m) {
    phases.add(
        () -> {
          schedule.schedule(() -> mode = m, millis(fromSeconds), TimeUnit.MILLISECONDS);
          schedule.schedule(
              () -> mode = Mode.FORWARD, millis(toSeconds) - 1, TimeUnit.MILLISECONDS);
        });
    return this;
  }

  /**
   * From {@code fromSeconds} after the first request, refuse connections until {@code toSeconds}.
   */
  FaultProxy downAt(double fromSeconds, double toSeconds) {
    phases.add(
        () -> {
          schedule.schedule(() -> server.stop(0), millis(fromSeconds), TimeUnit.MILLISECONDS);
          schedule.schedule(this::upQuietly, millis(toSeconds), TimeUnit.MILLISECONDS);
        });
    return this;
  }

  private static long millis(double seconds) {
    return (long) (seconds * 1000);
  }

  private void upQuietly() {
    try {
      up();
    } catch (IOException e) {
      throw new IllegalStateException("cannot rebind port " + port, e);
    }
  }

  private void up() throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    s.setExecutor(Executors.newCachedThreadPool());
    s.createContext("/", this::handle);
    s.start();
    server = s;
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    if (started.compareAndSet(false, true)) {
      phases.forEach(Runnable::run);
    }
    Mode m = mode;
    int status;
    byte[] answer = new byte[0];
    switch (m) {
      case ERROR_500:
        status = 500;
        break;
      case TOO_MANY_429:
        status = 429;
        break;
      case STALL:
        sleep(15_000); // longer than the client's 5 s timeout: it must give up and retry
        status = 503;
        break;
      default:
        HttpRequest.Builder r =
            HttpRequest.newBuilder(URI.create(upstream).resolve(ex.getRequestURI()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h :
            new String[] {
              "Content-Encoding",
              "Content-Type",
              "User-Agent",
              "X-Prometheus-Remote-Write-Version",
              "Authorization"
            }) {
          String v = ex.getRequestHeaders().getFirst(h);
          if (v != null && !h.equals("User-Agent")) {
            r.header(h, v);
          }
        }
        try {
          HttpResponse<byte[]> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
          status = resp.statusCode();
          answer = resp.body();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          status = 502;
        }
        forwarded.incrementAndGet();
    }
    if (m != Mode.FORWARD) {
      faulted.incrementAndGet();
    }
    ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(answer);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    schedule.shutdownNow();
    server.stop(0);
  }
}
