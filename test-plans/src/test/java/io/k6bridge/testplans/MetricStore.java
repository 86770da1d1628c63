package io.k6bridge.testplans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Prometheus or VictoriaMetrics process of our own: free loopback port, temporary data directory,
 * stopped and deleted on close. Queries go through the PromQL HTTP API both share.
 */
public final class MetricStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;
  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MetricStore(String name, Process process, Path dir, int port) {
    this.name = name;
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  public static MetricStore prometheus() throws Exception {
    Path dir = Files.createTempDirectory("k6bridge-prometheus");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\n");
    int port = freePort();
    Process p =
        start(
            dir,
            "prometheus",
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--web.enable-remote-write-receiver",
            "--enable-feature=native-histograms");
    MetricStore s = new MetricStore("prometheus", p, dir, port);
    s.awaitReady("/-/ready");
    return s;
  }

  public static MetricStore victoriaMetrics() throws Exception {
    Path dir = Files.createTempDirectory("k6bridge-victoria");
    int port = freePort();
    Process p =
        start(
            dir,
            "victoria-metrics",
            "-storageDataPath=" + dir.resolve("data"),
            "-httpListenAddr=127.0.0.1:" + port,
            // Answer with what was just written: no query cache, no "latest 30 s are incomplete"
            // offset.
            "-search.disableCache",
            "-search.latencyOffset=0s");
    MetricStore s = new MetricStore("victoria-metrics", p, dir, port);
    s.awaitReady("/health");
    return s;
  }

  public static Process start(Path dir, String... command) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile())
        .start();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public String writeUrl() {
    return "http://127.0.0.1:" + port + "/api/v1/write";
  }

  public int port() {
    return port;
  }

  private void awaitReady(String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited: " + Files.readString(dir.resolve("log.txt")));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not ready within 60 s");
  }

  /** The instant query's result vector (possibly empty). */
  public List<JsonNode> query(String promql) throws Exception {
    String url =
        "http://127.0.0.1:"
            + port
            + "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError(name + " rejected " + promql + ": " + r.body());
    }
    List<JsonNode> out = new ArrayList<>();
    body.path("data").path("result").forEach(out::add);
    return out;
  }

  /**
   * The single value of a query once it equals {@code expected}, or its last value after {@code
   * within}. A remote write is acknowledged before the store can search it: VictoriaMetrics 1.79
   * still read 374 of 400 just after a run's final push, even after /internal/force_flush, and 400
   * a second later. Totals therefore get a few seconds to settle; a push that never arrived still
   * fails.
   */
  public double settledScalar(String promql, double expected, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    double value = scalar(promql);
    while (value != expected && System.nanoTime() < deadline) {
      Thread.sleep(250);
      value = scalar(promql);
    }
    return value;
  }

  /** The single value of a query that yields one series. */
  public double scalar(String promql) throws Exception {
    List<JsonNode> r = query(promql);
    if (r.size() != 1) {
      throw new AssertionError(promql + " gave " + r);
    }
    return r.get(0).path("value").get(1).asDouble();
  }

  @Override
  public void close() throws Exception {
    stop(process, dir);
  }

  /** Stops a server process of the tests' own and deletes its directory. */
  public static void stop(Process process, Path dir) throws Exception {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
