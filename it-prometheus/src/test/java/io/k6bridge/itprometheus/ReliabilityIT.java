package io.k6bridge.itprometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.k6bridge.testplans.MetricStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real JMeter runs the way a careless or hostile user would set them up, all at once:
 *
 * <ul>
 *   <li>many-groups: 40 Transaction Controllers split on the dashboard by group and name (hundreds
 *       of submetrics), written to JSON, the dashboard's record, the summary export and a real
 *       Prometheus, while 400 clients hold /events open;
 *   <li>secrets: remote write to a receiver that answers 400 echoing the credentials it got;
 *   <li>unique-urls: a URL with an id per request, the dashboard split by url, in a 256 MB heap;
 *   <li>unwritable: a dashboard export below a regular file.
 * </ul>
 */
class ReliabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final String TESTID = "reliability-" + RUN;
  private static final String PASSWORD = "pw-" + RUN + "-s3cr3t";
  private static final String API_KEY = "key-" + RUN + "-hdr";
  private static final Path OUT = build().resolve("reliability");

  private static MetricStore prometheus;
  private static HttpServer echo;
  private static final Map<String, CountingTarget> targets = new LinkedHashMap<>();
  private static final Map<String, JMeterRun> runs = new LinkedHashMap<>();
  private static final Map<String, Integer> exits = new LinkedHashMap<>();
  private static int dashboardPort;
  private static long threadsBefore;
  private static long threadsWithIdleClients;
  private static int streamsServed;
  private static int streamsRefused;

  private static Path build() {
    return Path.of(System.getProperty("k6.target", "target"));
  }

  @BeforeAll
  static void run() throws Exception {
    Files.createDirectories(OUT);
    try (Stream<Path> old = Files.list(OUT)) {
      for (Path p : (Iterable<Path>) old::iterator) {
        Files.deleteIfExists(p);
      }
    }
    // Targets first: the JDK reads its HTTP server's TCP_NODELAY setting, which CountingTarget
    // sets, when the first server is made, and without it every answer waits 40 ms for an ACK.
    for (String name : List.of("many-groups", "secrets", "unique-urls", "unwritable")) {
      targets.put(name, new CountingTarget());
    }
    prometheus = MetricStore.prometheus();
    echo = echoingReceiver();
    dashboardPort = MetricStore.freePort();
    start(
        "many-groups",
        GeneratedPlan.write(OUT.resolve("many-groups.jmx"), 40, "/ok"),
        30,
        Map.of(
            "K6_OUT",
            "json=" + OUT.resolve("many.json") + ",experimental-prometheus-rw," + "web-dashboard",
            "K6_TAGS",
            "testid=" + TESTID,
            "K6_PROMETHEUS_RW_SERVER_URL",
            prometheus.writeUrl(),
            "K6_PROMETHEUS_RW_PUSH_INTERVAL",
            "1s",
            "K6_WEB_DASHBOARD_PORT",
            Integer.toString(dashboardPort),
            "K6_WEB_DASHBOARD_PERIOD",
            "1s",
            "K6_WEB_DASHBOARD_TAGS",
            "group,name",
            "K6_WEB_DASHBOARD_RECORD",
            OUT.resolve("many-events.ndjson").toString(),
            "K6_SUMMARY_EXPORT",
            OUT.resolve("many-summary.json").toString()),
        Map.of());
    start(
        "secrets",
        GeneratedPlan.write(OUT.resolve("secrets.jmx"), 1, "/ok"),
        5,
        Map.of(
            "K6_OUT",
            "experimental-prometheus-rw",
            "K6_PROMETHEUS_RW_SERVER_URL",
            "http://127.0.0.1:" + echo.getAddress().getPort() + "/api/v1/write",
            "K6_PROMETHEUS_RW_PUSH_INTERVAL",
            "1s",
            "K6BRIDGE_EVENTS",
            OUT.resolve("secrets-events.jsonl").toString()),
        Map.of(
            "K6_PROMETHEUS_RW_USERNAME",
            "loadtester",
            "K6_PROMETHEUS_RW_PASSWORD",
            PASSWORD,
            "K6_PROMETHEUS_RW_HEADERS_X-Api-Key",
            API_KEY));
    start(
        "unique-urls",
        GeneratedPlan.write(OUT.resolve("unique-urls.jmx"), 1, "/ok/${__UUID()}"),
        30,
        Map.of(
            "K6_OUT",
            "web-dashboard",
            "K6_WEB_DASHBOARD_PORT",
            "-1",
            "K6_WEB_DASHBOARD_TAGS",
            "group,url",
            "K6_WEB_DASHBOARD_EXPORT",
            OUT.resolve("unique-report.html").toString(),
            "K6_SUMMARY_EXPORT",
            OUT.resolve("unique-summary.json").toString(),
            "threads",
            "3"),
        Map.of());
    Files.writeString(OUT.resolve("a-file"), "not a directory");
    start(
        "unwritable",
        GeneratedPlan.write(OUT.resolve("unwritable.jmx"), 1, "/ok"),
        5,
        Map.of(
            "K6_OUT",
            "web-dashboard",
            "K6_WEB_DASHBOARD_PORT",
            "-1",
            "K6_WEB_DASHBOARD_EXPORT",
            OUT.resolve("a-file").resolve("report.html").toString()),
        Map.of());

    holdIdleEventStreams(runs.get("many-groups"));
    for (Map.Entry<String, JMeterRun> r : runs.entrySet()) {
      exits.put(r.getKey(), r.getValue().exitStatus(150));
    }
  }

  private static void start(
      String name,
      Path plan,
      int duration,
      Map<String, String> settings,
      Map<String, String> environment)
      throws Exception {
    Map<String, String> p = new LinkedHashMap<>(settings);
    p.put("target.port", Integer.toString(targets.get(name).port()));
    p.put("duration", Integer.toString(duration));
    p.putIfAbsent("threads", "2");
    p.put("K6BRIDGE_TELEMETRY_INTERVAL", "off");
    runs.put(
        name,
        JMeterRun.start(
            name,
            build(),
            plan,
            p,
            environment,
            List.of(
                "-l",
                OUT.resolve(name + ".jtl").toString(),
                "-Jjmeter.save.saveservice.output_format=csv")));
  }

  /** A receiver that refuses every write, echoing the headers it got, as some proxies do. */
  private static HttpServer echoingReceiver() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        x -> {
          x.getRequestBody().readAllBytes();
          StringBuilder b = new StringBuilder("bad request\n");
          x.getRequestHeaders().forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
          byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(400, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
    return server;
  }

  /**
   * Once the dashboard answers, 400 clients ask for /events and never read: the JMeter process'
   * threads are counted before and while they hold their connections.
   */
  private static void holdIdleEventStreams(JMeterRun run) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", dashboardPort)) {
        break;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline || !run.alive()) {
          throw new AssertionError("the dashboard never answered; see " + run.console);
        }
        Thread.sleep(200);
      }
    }
    Thread.sleep(2_000);
    threadsBefore = threads(run.pid());
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 400; i++) {
        Socket s = new Socket("127.0.0.1", dashboardPort);
        clients.add(s);
        s.setSoTimeout(20_000);
        s.getOutputStream()
            .write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String status =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (status != null && status.startsWith("HTTP/1.1 200")) {
          streamsServed++;
        } else if (status != null && status.startsWith("HTTP/1.1 503")) {
          streamsRefused++;
        }
      }
      threadsWithIdleClients = threads(run.pid());
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  private static long threads(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Long.parseLong(line.substring("Threads:".length()).trim());
      }
    }
    throw new AssertionError("no Threads line for " + pid);
  }

  @AfterAll
  static void stop() throws Exception {
    for (JMeterRun r : runs.values()) {
      System.out.println("--- " + r.name + " console:\n" + r.consoleText());
    }
    if (echo != null) {
      echo.stop(0);
    }
    for (CountingTarget t : targets.values()) {
      t.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /** Requests in JMeter's own results file: the rows of the req-N samplers. */
  private static long jtlRequests(String name) throws Exception {
    List<String> lines = Files.readAllLines(OUT.resolve(name + ".jtl"));
    int label = List.of(lines.get(0).split(",")).indexOf("label");
    return lines.stream().skip(1).filter(l -> l.split(",")[label].startsWith("req-")).count();
  }

  private static long summaryCount(String file, String metric) throws Exception {
    return JSON.readTree(OUT.resolve(file).toFile())
        .path("metrics")
        .path(metric)
        .path("count")
        .asLong(-1);
  }

  @Test
  void manyGroupsReconcileInEveryOutputWithJMetersOwnResults() throws Exception {
    assertEquals(0, exits.get("many-groups"));
    long requests = jtlRequests("many-groups");
    assertTrue(requests > 40, "requests: " + requests);
    assertEquals(requests, targets.get("many-groups").answered());
    assertEquals(requests, summaryCount("many-summary.json", "http_reqs"), "summary export");
    try (Stream<String> lines = Files.lines(OUT.resolve("many.json"))) {
      assertEquals(
          requests,
          lines.filter(l -> l.startsWith("{\"metric\":\"http_reqs\",\"type\":\"Point\"")).count(),
          "JSON");
    }
    assertEquals(
        requests,
        lastCumulative(OUT.resolve("many-events.ndjson"), "http_reqs"),
        "the dashboard's final cumulative event");
    assertEquals(
        requests,
        prometheus.settledScalar(
            "sum(k6_http_reqs_total{testid=\"" + TESTID + "\"})", requests, Duration.ofSeconds(10)),
        "Prometheus");
    String log = runs.get("many-groups").logText();
    assertFalse(log.contains("failed while aggregating"), "no consumer was cut off");
  }

  /** The http_reqs count of the last cumulative event, names as the metric events announced. */
  private static long lastCumulative(Path record, String metric) throws Exception {
    TreeSet<String> names = new TreeSet<>(List.of("time"));
    JsonNode last = null;
    for (String line : Files.readAllLines(record)) {
      JsonNode e = JSON.readTree(line);
      switch (e.path("event").asText()) {
        case "metric" -> e.path("data").fieldNames().forEachRemaining(names::add);
        case "cumulative" -> last = e.path("data");
        default -> {}
      }
    }
    assertTrue(names.size() > 500, "hundreds of submetrics: " + names.size());
    return last.get(new ArrayList<>(names).indexOf(metric)).get(0).asLong();
  }

  @Test
  void fourHundredIdleEventStreamsCostABoundedNumberOfThreads() {
    assertEquals(64, streamsServed);
    assertEquals(400 - 64, streamsRefused, "the rest are refused with 503");
    assertTrue(
        threadsWithIdleClients - threadsBefore <= 64 + 8 + 4,
        "threads " + threadsBefore + " -> " + threadsWithIdleClients);
  }

  @Test
  void aReceiverThatEchoesTheCredentialsGetsThemMaskedEverywhere() throws Exception {
    JMeterRun run = runs.get("secrets");
    String everything =
        run.logText() + run.consoleText() + Files.readString(OUT.resolve("secrets-events.jsonl"));
    String pair =
        Base64.getEncoder()
            .encodeToString(("loadtester:" + PASSWORD).getBytes(StandardCharsets.ISO_8859_1));
    for (String secret : List.of(PASSWORD, pair, API_KEY)) {
      assertFalse(everything.contains(secret), secret + " leaked; see " + run.log);
    }
    assertTrue(everything.contains("Authorization: [<redacted>]"), "the echo was logged, masked");
    assertEquals(103, exits.get("secrets"), "refused writes are a failed output: exit 103");
    assertTrue(run.consoleText().contains("k6bridge: outputs failed"), run.consoleText());
  }

  @Test
  void uniqueUrlsStayWithinA256MegabyteHeapAndSayWhy() throws Exception {
    JMeterRun run = runs.get("unique-urls");
    String everything = run.logText() + run.consoleText();
    assertFalse(everything.contains("OutOfMemoryError"), "see " + run.log);
    assertEquals(0, exits.get("unique-urls"));
    long requests = jtlRequests("unique-urls");
    assertEquals(requests, summaryCount("unique-summary.json", "http_reqs"));
    assertTrue(Files.size(OUT.resolve("unique-report.html")) > 10_000, "the report is written");
    assertTrue(
        run.consoleText().contains("K6BRIDGE_WEB_DASHBOARD_MAX_SUBMETRICS"),
        "the dashboard's limit is announced on the console");
    assertTrue(requests > 20_000, "enough requests to pass 100,000 series: " + requests);
    assertTrue(
        run.consoleText()
            .contains(
                "unique time series, which is higher than the suggested" + " limit of 100000"),
        "k6's warning on the console");
    assertTrue(run.consoleText().contains("The tag 'url' has"), "naming the tag to blame");
  }

  @Test
  void anExportThatCannotBeWrittenStopsTheRunBeforeAnyRequest() throws Exception {
    assertEquals(104, exits.get("unwritable"));
    assertEquals(0, targets.get("unwritable").answered());
    String text = runs.get("unwritable").logText() + runs.get("unwritable").consoleText();
    assertTrue(text.contains("invalid K6_WEB_DASHBOARD_EXPORT='"), text);
  }
}
