package io.k6bridge.testplans;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP server the bundled plans load: loopback only, no framework, keep-alive, and a count of
 * the requests it answered per path, so a test can compare what the server saw with what the
 * metrics say.
 *
 * <ul>
 *   <li>{@code /ok}: 200 with a small text body
 *   <li>{@value #TAIL_PATH}: as {@code /ok}, after a long-tailed delay ({@link
 *       #tailDelayNanos(long)})
 *   <li>{@code /redirect}: 302 to {@code /ok}
 *   <li>{@code /error}: 500; any other path: 404
 *   <li>{@code ?delay=MS} on any other path: answer after that many milliseconds
 *   <li>{@value #STOP_PATH}: write the counts file, answer 200, then stop (not counted)
 * </ul>
 *
 * <p>Run as {@code java io.k6bridge.testplans.LoopbackTarget PORT COUNTS_FILE}. The counts are also
 * written when the JVM is terminated, and the server stops by itself when the process that started
 * it goes away, so a failed or killed build never leaves it behind.
 */
public final class LoopbackTarget implements AutoCloseable {

  static final String STOP_PATH = "/__stop";
  static final byte[] OK_BODY =
      "k6bridge loopback target: ok\n".getBytes(StandardCharsets.US_ASCII);
  static final String TAIL_PATH = "/tail";
  private static final long MAX_DELAY_MILLIS = 10_000;

  /** The long-tailed delay's shape: see {@link #tailDelayNanos(long)}. */
  private static final long TAIL_SEED = 0x6b36_6272_6964_6765L;

  private static final double BODY_MEDIAN_MILLIS = 2;
  private static final double BODY_SIGMA = 0.6;
  private static final int TAIL_PERCENT = 2;
  private static final double TAIL_FROM_MILLIS = 20;
  private static final double TAIL_ALPHA = 1.2;
  private static final double TAIL_MAX_MILLIS = 1500;

  private final HttpServer server;
  private final ExecutorService handlers;
  private final Path countsFile;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicLong tailRequests = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private LoopbackTarget(HttpServer server, ExecutorService handlers, Path countsFile) {
    this.server = server;
    this.handlers = handlers;
    this.countsFile = countsFile;
  }

  /**
   * Binds 127.0.0.1:{@code port} (0 picks a free port) and starts serving.
   *
   * @param countsFile where {@link #close()} writes the request counts, or null for nowhere
   */
  public static LoopbackTarget start(int port, Path countsFile) throws IOException {
    // Without TCP_NODELAY, headers and body leave in two segments and delayed ACKs add ~40 ms to
    // every response.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    // Handlers may sleep (?delay=, /tail), so they must not run on the single dispatcher thread,
    // nor on a bounded
    // pool: every request in flight gets its own thread and a slow answer never delays the others.
    ExecutorService handlers =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "loopback-target");
              thread.setDaemon(true);
              return thread;
            });
    LoopbackTarget target = new LoopbackTarget(server, handlers, countsFile);
    server.createContext("/", target::handle);
    server.setExecutor(handlers);
    server.start();
    return target;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests answered so far, per path, sorted by path. */
  public Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((path, count) -> snapshot.put(path, count.sum()));
    return snapshot;
  }

  /** Stops serving and writes the counts file. Idempotent. */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    handlers.shutdownNow();
    writeCounts();
  }

  private void writeCounts() throws IOException {
    if (countsFile == null) {
      return;
    }
    StringBuilder text = new StringBuilder();
    counts().forEach((path, count) -> text.append(path).append('=').append(count).append('\n'));
    Files.createDirectories(countsFile.toAbsolutePath().getParent());
    // Written whole, then renamed: a reader never sees half a file.
    Path partial = countsFile.resolveSibling(countsFile.getFileName() + ".partial");
    Files.writeString(partial, text, StandardCharsets.UTF_8);
    Files.move(
        partial, countsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      drain(exchange.getRequestBody());
      URI uri = exchange.getRequestURI();
      String path = uri.getPath();
      if (STOP_PATH.equals(path)) {
        stopAfterAnswering(exchange);
        return;
      }
      counts.computeIfAbsent(path, p -> new LongAdder()).increment();
      pause(
          TAIL_PATH.equals(path)
              ? tailDelayNanos(tailRequests.getAndIncrement())
              : TimeUnit.MILLISECONDS.toNanos(delayMillis(uri.getRawQuery())));
      switch (path) {
        case "/ok", TAIL_PATH -> answer(exchange, 200, OK_BODY);
        case "/redirect" -> {
          exchange.getResponseHeaders().set("Location", "/ok");
          answer(exchange, 302, null);
        }
        case "/error" -> answer(exchange, 500, "error\n".getBytes(StandardCharsets.US_ASCII));
        default -> answer(exchange, 404, "not found\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  private void stopAfterAnswering(HttpExchange exchange) throws IOException {
    writeCounts();
    answer(exchange, 200, "stopping\n".getBytes(StandardCharsets.US_ASCII));
    // close() waits for in-flight exchanges, this one included: it must run on another thread.
    Thread stopper =
        new Thread(
            () -> {
              try {
                close();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            "loopback-target-stop");
    stopper.start();
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=us-ascii");
    // A known length (or -1 for none) keeps the connection reusable: keep-alive.
    exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
    if (body != null) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void drain(InputStream body) throws IOException {
    try (body) {
      body.transferTo(OutputStream.nullOutputStream());
    }
  }

  static long delayMillis(String rawQuery) {
    if (rawQuery == null) {
      return 0;
    }
    for (String parameter : rawQuery.split("&")) {
      if (parameter.startsWith("delay=")) {
        try {
          return Math.min(MAX_DELAY_MILLIS, Math.max(0, Long.parseLong(parameter.substring(6))));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  /**
   * The delay of the {@code n}-th {@value #TAIL_PATH} request (counting from 0), the shape of a
   * real service's latency: for 98 % of requests a lognormal body (median 2 ms), for 2 % a Pareto
   * tail (from 20 ms, alpha 1.2) cut at 1.5 s. A function of {@code n} alone: a run's delays do not
   * depend on how its requests interleave.
   */
  static long tailDelayNanos(long n) {
    SplittableRandom random = new SplittableRandom(TAIL_SEED + n);
    double millis =
        random.nextInt(100) < TAIL_PERCENT
            ? Math.min(
                TAIL_MAX_MILLIS,
                TAIL_FROM_MILLIS / Math.pow(1 - random.nextDouble(), 1 / TAIL_ALPHA))
            : BODY_MEDIAN_MILLIS * Math.exp(BODY_SIGMA * random.nextGaussian());
    return Math.round(millis * 1e6);
  }

  /**
   * Parks rather than Thread.sleep, which rounds to whole milliseconds and would quantize the body.
   */
  private static void pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos;
        left > 0 && !Thread.currentThread().isInterrupted();
        left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: LoopbackTarget PORT COUNTS_FILE");
      System.exit(2);
    }
    LoopbackTarget target = start(Integer.parseInt(args[0]), Path.of(args[1]));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    target.close();
                  } catch (IOException e) {
                    e.printStackTrace();
                  }
                },
                "loopback-target-shutdown"));
    // When the build that started us dies without stopping us (kill -9), stop anyway.
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    System.out.println("loopback target listening on http://127.0.0.1:" + target.port() + "/");
  }
}
