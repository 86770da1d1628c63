package io.k6bridge.output.webdashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The dashboard's HTTP endpoints (k6's dashboard/web.go), on the JDK's built-in server: {@code
 * /events} (the SSE stream), {@code /ui/} (our page), {@code /report} (the report so far) and
 * {@code /} (a 307 to {@code /ui/?endpoint=/}). Every thread it runs is a daemon, so an open
 * browser tab never keeps the test tool from exiting.
 *
 * <p>Bounded, since it runs inside a load generator: each open event stream holds a thread, so at
 * most {@link #MAX_SUBSCRIBERS} are served and further ones get 503; the pool has a few threads
 * more for pages and reports. As in k6, only {@code /events} allows other origins (CORS).
 */
final class DashboardServer {
  private final EventStream events;
  private final UiAssets assets;
  private final Supplier<byte[]> report;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final AtomicInteger openStreams = new AtomicInteger();

  /** Most event streams served at once. */
  static final int MAX_SUBSCRIBERS = 64;

  /** Threads for everything but event streams: pages, assets, reports, refusals. */
  private static final int OTHER_THREADS = 8;

  private DashboardServer(
      EventStream events, UiAssets assets, Supplier<byte[]> report, HttpServer server) {
    this.events = events;
    this.assets = assets;
    this.report = report;
    this.server = server;
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            MAX_SUBSCRIBERS + OTHER_THREADS,
            MAX_SUBSCRIBERS + OTHER_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "k6bridge-web-dashboard-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true); // idle, it holds no thread
    this.handlers = pool;
    server.setExecutor(handlers);
    server.createContext("/events", this::events);
    server.createContext("/ui/", this::ui);
    server.createContext("/report", this::report);
    server.createContext("/", this::root);
  }

  /** Binds {@code host:port} (port 0: any free port) and starts serving. */
  static DashboardServer start(
      String host, int port, EventStream events, UiAssets assets, Supplier<byte[]> report)
      throws IOException {
    InetSocketAddress address =
        host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    DashboardServer s = new DashboardServer(events, assets, report, HttpServer.create(address, 0));
    // The JDK names its dispatcher thread after no one and makes it a daemon only when the thread
    // that starts the server is one, so start it from a daemon thread.
    Thread starter = new Thread(s.server::start, "k6bridge-web-dashboard-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the web dashboard", e);
    }
    return s;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /**
   * Waits up to {@code grace} for the open event streams to deliver everything (they end after the
   * stop event), then closes the server.
   */
  void stop(long graceMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    while (openStreams.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    server.stop(0);
    handlers.shutdownNow();
  }

  private void events(HttpExchange x) throws IOException {
    long from = 0;
    String last = x.getRequestHeaders().getFirst("Last-Event-ID");
    if (last != null && !last.isEmpty()) {
      try {
        from = Long.parseLong(last.trim());
      } catch (NumberFormatException e) {
        send(x, 400, "text/plain; charset=utf-8", "Last-Event-ID must be a number!\n".getBytes());
        return;
      }
    }
    if (openStreams.incrementAndGet() > MAX_SUBSCRIBERS) {
      openStreams.decrementAndGet();
      send(
          x,
          503,
          "text/plain; charset=utf-8",
          ("too many open event streams (at most " + MAX_SUBSCRIBERS + ")\n").getBytes());
      return;
    }
    x.getResponseHeaders().set("Content-Type", "text/event-stream");
    x.getResponseHeaders().set("Cache-Control", "no-cache");
    x.getResponseHeaders().set("Connection", "keep-alive");
    x.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    BlockingQueue<EventStream.Frame> queue;
    try {
      x.sendResponseHeaders(200, 0);
      queue = events.subscribe(from);
    } catch (IOException | RuntimeException e) {
      openStreams.decrementAndGet();
      x.close();
      throw e;
    }
    try (OutputStream out = x.getResponseBody()) {
      out.flush();
      while (true) {
        EventStream.Frame f = queue.take();
        if (f == EventStream.END) {
          break;
        }
        out.write(f.wire);
        if (queue.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The browser went away; nothing to do but forget it.
    } finally {
      events.unsubscribe(queue);
      openStreams.decrementAndGet();
      x.close();
    }
  }

  private void ui(HttpExchange x) throws IOException {
    String name = x.getRequestURI().getPath().substring("/ui/".length());
    if (name.isEmpty() || name.equals("index.html")) {
      send(x, 200, "text/html; charset=utf-8", assets.page());
      return;
    }
    byte[] file = assets.file(name);
    if (file == null) {
      send(x, 404, "text/plain; charset=utf-8", "404 page not found\n".getBytes());
      return;
    }
    send(x, 200, UiAssets.FILES.get(name), file);
  }

  private void report(HttpExchange x) throws IOException {
    send(x, 200, "text/html; charset=utf-8", report.get());
  }

  private void root(HttpExchange x) throws IOException {
    if (!x.getRequestURI().getPath().equals("/")) {
      send(x, 404, "text/plain; charset=utf-8", "404 page not found\n".getBytes());
      return;
    }
    x.getResponseHeaders().set("Location", "/ui/?endpoint=/");
    x.sendResponseHeaders(307, -1);
    x.close();
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    if (x.getRequestMethod().equals("HEAD")) {
      x.sendResponseHeaders(status, -1);
    } else {
      x.sendResponseHeaders(status, body.length);
      x.getResponseBody().write(body);
    }
    x.close();
  }
}
