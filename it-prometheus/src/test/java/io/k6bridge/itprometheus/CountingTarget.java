package io.k6bridge.itprometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load's target: /ok and /ok/... (200, ?delay=MS), anything else 500; counts what it answers.
 */
final class CountingTarget implements AutoCloseable {
  private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicLong answered = new AtomicLong();

  CountingTarget() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  long answered() {
    return answered.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    String query = ex.getRequestURI().getRawQuery();
    if (query != null && query.startsWith("delay=")) {
      try {
        Thread.sleep(Long.parseLong(query.substring(6)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String path = ex.getRequestURI().getPath();
    boolean ok = path.equals("/ok") || path.startsWith("/ok/");
    byte[] body = ok ? OK : "error\n".getBytes(StandardCharsets.US_ASCII);
    ex.sendResponseHeaders(ok ? 200 : 500, body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
    answered.incrementAndGet();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
