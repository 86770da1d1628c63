package io.k6bridge.itprometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.MetricStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An InfluxDB 1.x (Debian's influxd) of our own: free loopback ports for HTTP and its backup RPC,
 * temporary meta, data and WAL directories, no usage reporting; stopped and deleted on close.
 */
final class InfluxDbServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private InfluxDbServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static InfluxDbServer start() throws Exception {
    Path dir = Files.createTempDirectory("k6bridge-influxdb");
    int port = MetricStore.freePort();
    Path config = dir.resolve("influxdb.conf");
    Files.writeString(
        config,
        """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s/meta"
        [data]
          dir = "%s/data"
          wal-dir = "%s/wal"
          query-log-enabled = false
        [monitor]
          store-enabled = false
        [http]
          bind-address = "127.0.0.1:%d"
          log-enabled = false
        [continuous_queries]
          enabled = false
        """
            .formatted(MetricStore.freePort(), dir, dir, dir, port));
    InfluxDbServer s =
        new InfluxDbServer(
            MetricStore.start(dir, "influxd", "-config", config.toString()), dir, port);
    s.awaitReady();
    return s;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "influxd exited: " + Files.readString(dir.resolve("log.txt")));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 204) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("influxd not ready within 60 s");
  }

  /** The first statement's first series, or a missing node when the query found nothing. */
  JsonNode query(String db, String influxql) throws Exception {
    String url =
        url() + "/query?db=" + db + "&q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode result = JSON.readTree(r.body()).path("results").path(0);
    if (r.statusCode() != 200 || result.has("error")) {
      throw new AssertionError("influxd rejected " + influxql + ": " + r.body());
    }
    return result.path("series").path(0);
  }

  /** A query's single number (a sum, a count). */
  double scalar(String db, String influxql) throws Exception {
    JsonNode series = query(db, influxql);
    if (series.isMissingNode()) {
      throw new AssertionError(influxql + " found nothing");
    }
    return series.path("values").path(0).path(1).asDouble();
  }

  @Override
  public void close() throws Exception {
    MetricStore.stop(process, dir);
  }
}
