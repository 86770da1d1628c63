package io.k6bridge.testplans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.k6bridge.testplans.JmeterJtl.Request;
import io.k6bridge.testplans.K6JsonFile.Point;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconciles what our listener wrote (k6 JSON and CSV) with JMeter's own JTL of the same real
 * JMeter run of reconcile.jmx, and with the request counts of the loopback target it ran against.
 * The build runs JMeter and stops the target before this test (see the pom); the files come in as
 * system properties.
 *
 * <p>Every comparison is exact: counts, tag tuples, and values where JMeter measured them.
 */
class ReconciliationIT {

  private static final String RUN_TAG = "testid";
  private static final String RUN_ID = "reconcile";
  private static final long MILLI = 1_000_000;

  /**
   * The metrics k6 emits once per HTTP request, all with the request's tags (JMeter measures no
   * blocked, TLS, sending).
   */
  private static final List<String> HTTP_REQUEST_METRICS =
      List.of(
          "http_reqs",
          "http_req_duration",
          "http_req_connecting",
          "http_req_waiting",
          "http_req_receiving",
          "http_req_failed");

  private static JmeterPlan plan;
  private static JmeterJtl jtl;
  private static K6JsonFile json;
  private static K6CsvFile csv;
  private static Map<String, Long> targetCounts;
  private static int refusedPort;

  @BeforeAll
  static void readTheRun() throws Exception {
    plan = JmeterPlan.read(file("k6.plan"));
    jtl = JmeterJtl.read(file("k6.jtl"));
    json = K6JsonFile.read(file("k6.json"));
    csv = K6CsvFile.read(file("k6.csv"));
    Properties counts = new Properties();
    try (Reader reader = Files.newBufferedReader(file("k6.target.counts"))) {
      counts.load(reader);
    }
    targetCounts = new TreeMap<>();
    counts.forEach(
        (path, count) -> targetCounts.put((String) path, Long.parseLong((String) count)));
    refusedPort = Integer.parseInt(System.getProperty("k6.refused.port"));
  }

  @Test
  void everyJsonLineIsInK6sFormat() {
    assertEquals(
        List.of(),
        firstTen(json.violations),
        json.violations.size() + " lines break k6's JSON format");
    assertTrue(json.points.size() > 0, "no points");
  }

  @Test
  void everyCsvRowIsInK6sFormat() {
    assertEquals(
        List.of(), firstTen(csv.violations), csv.violations.size() + " rows break k6's CSV format");
    assertTrue(csv.rows.size() > 0, "no rows");
  }

  @Test
  void builtInMetricsHaveK6sTypes() {
    Map<String, String> expected =
        Map.of(
            "http_reqs",
            "counter/default",
            "http_req_duration",
            "trend/time",
            "http_req_connecting",
            "trend/time",
            "http_req_waiting",
            "trend/time",
            "http_req_receiving",
            "trend/time",
            "http_req_failed",
            "rate/default",
            "checks",
            "rate/default",
            "group_duration",
            "trend/time",
            "data_sent",
            "counter/data",
            "data_received",
            "counter/data");
    expected.forEach(
        (metric, typeAndContains) -> {
          K6JsonFile.MetricRecord record = json.metrics.get(metric);
          assertTrue(record != null, "no Metric record for " + metric);
          assertEquals(typeAndContains, record.type() + "/" + record.contains(), metric);
        });
    for (Point point : json.points) {
      assertEquals(RUN_ID, point.tags().get(RUN_TAG), "run tag on line " + point.line());
    }
  }

  @Test
  void everyHttpRequestAndSubRequestIsOneHttpReqsPoint() {
    List<Point> points = json.points("http_reqs");
    assertEquals(
        jtl.requests.size(), points.size(), "http_reqs points vs JTL requests (holders excluded)");
    points.forEach(
        point -> assertEquals(1.0, point.value(), "http_reqs value on line " + point.line()));
    assertEquals(
        count(jtl.requests, r -> r.label() + " " + r.status()),
        count(points, p -> p.tags().get("name") + " " + p.tags().get("status")),
        "http_reqs per (name, status)");
  }

  /**
   * name, url, method, status, proto, expected_response, error_code, group, scenario: per request,
   * exactly.
   */
  @Test
  void requestTagsMatchTheJtlAndThePlan() {
    Map<String, Long> expected = count(jtl.requests, this::expectedRequestTags);
    for (String metric : HTTP_REQUEST_METRICS) {
      assertEquals(
          expected,
          count(json.points(metric), point -> requestTags(point.tags())),
          metric + " tags");
    }
    assertEquals(
        Set.of("browse", "checkout"),
        json.points("http_reqs").stream()
            .map(p -> p.tags().get("scenario"))
            .collect(Collectors.toSet()));
  }

  @Test
  void httpReqFailedIsOneExactlyForFailedRequests() {
    assertEquals(
        count(jtl.requests, r -> r.label() + " " + (expectedResponse(r.status()) ? 0.0 : 1.0)),
        count(json.points("http_req_failed"), p -> p.tags().get("name") + " " + p.value()),
        "http_req_failed per name and value");
  }

  /**
   * The mapping of JMeter's timings (elapsed, latency, connect) to k6's phases, per
   * request, in ms. Without a response (a transport error) nothing was waited for or received: the
   * time went to connecting.
   */
  @Test
  void httpPhasesAreJMetersTimings() {
    Map<String, ToLongFunction<Request>> phases =
        Map.of(
            "http_req_duration", r -> r.elapsedMillis() - r.connectMillis(),
            "http_req_connecting", Request::connectMillis,
            "http_req_waiting",
                r -> r.transportFailed() ? 0 : r.latencyMillis() - r.connectMillis(),
            "http_req_receiving",
                r -> r.transportFailed() ? 0 : r.elapsedMillis() - r.latencyMillis());
    phases.forEach(
        (metric, phase) ->
            assertEquals(
                count(jtl.requests, r -> r.label() + " " + (double) phase.applyAsLong(r)),
                count(json.points(metric), p -> p.tags().get("name") + " " + p.value()),
                metric + " per name and value"));
  }

  @Test
  void checksAreTheAssertionResults() {
    Map<String, Long> expected =
        count(
            jtl.assertions,
            a ->
                List.of(
                        a.name(),
                        a.passed() ? 1.0 : 0.0,
                        plan.sampler(a.sampler()).groupPath(),
                        a.threadGroup())
                    .toString());
    assertEquals(
        expected,
        count(
            json.points("checks"),
            p ->
                List.of(
                        p.tags().get("check"),
                        p.value(),
                        p.tags().get("group"),
                        p.tags().get("scenario"))
                    .toString()),
        "checks (check, value, group, scenario)");
    assertTrue(
        jtl.assertions.stream().anyMatch(JmeterJtl.Assertion::passed),
        "the plan has a passing assertion");
    assertTrue(
        jtl.assertions.stream().anyMatch(a -> !a.passed()), "the plan has a failing assertion");
  }

  /**
   * One group_duration per transaction sample, parent sample on or off, tagged with the TC's own
   * group path.
   */
  @Test
  void groupDurationIsOnePointPerTransaction() {
    assertEquals(
        count(
            jtl.transactions,
            t ->
                List.of(plan.transactionPath(t.name()), t.threadGroup(), (double) t.elapsedMillis())
                    .toString()),
        count(
            json.points("group_duration"),
            p -> List.of(p.tags().get("group"), p.tags().get("scenario"), p.value()).toString()),
        "group_duration (group, scenario, value)");
    assertEquals(
        Set.of("::cart", "::cart::cart pay", "::login", "::login::login submit"),
        json.points("group_duration").stream()
            .map(p -> p.tags().get("group"))
            .collect(Collectors.toSet()));
  }

  @Test
  void iterationsArePerThreadLoop() {
    Map<String, Long> expected = new TreeMap<>();
    plan.threadGroups()
        .forEach(group -> expected.put(group.name(), (long) group.threads() * group.loops()));
    assertEquals(
        expected,
        count(json.points("iterations"), p -> p.tags().get("scenario")),
        "iterations per scenario");
  }

  /**
   * JMeter's bytes received for a transport error are the length of the stack trace it keeps as the
   * response body: nothing came off the wire, and k6 counts nothing.
   */
  @Test
  void dataSentAndReceivedAreTheRequestsBytes() {
    assertEquals(
        jtl.requests.stream().mapToLong(Request::sentBytes).sum(), sum("data_sent"), "data_sent");
    assertEquals(
        jtl.requests.stream()
            .filter(r -> !r.transportFailed())
            .mapToLong(Request::receivedBytes)
            .sum(),
        sum("data_received"),
        "data_received");
  }

  @Test
  void theTargetAnsweredEveryRequestThatReachedIt() {
    Map<String, Long> reached =
        count(
            json.points("http_reqs").stream()
                .map(p -> URI.create(p.tags().get("url")))
                .filter(url -> url.getPort() != refusedPort)
                .toList(),
            URI::getPath);
    assertEquals(targetCounts, reached, "target's counts per path vs http_reqs per url path");
    assertTrue(
        json.points("http_reqs").stream()
            .anyMatch(p -> p.tags().get("url").contains(":" + refusedPort + "/")),
        "the refused request is in http_reqs");
  }

  /**
   * Each request's points carry the time the request happened (within its [start, end]), never a
   * later one.
   */
  @Test
  void pointsCarryTheTimeTheSampleHappened() {
    Map<String, List<Request>> requests =
        jtl.requests.stream().collect(Collectors.groupingBy(Request::label));
    for (String metric : HTTP_REQUEST_METRICS) {
      Map<String, List<Point>> points =
          json.points(metric).stream().collect(Collectors.groupingBy(p -> p.tags().get("name")));
      requests.forEach(
          (name, byName) ->
              matchTimes(metric + " " + name, byName, points.getOrDefault(name, List.of())));
    }
    long start = jtl.startMillis * MILLI - MILLI;
    long end = jtl.endMillis * MILLI + MILLI;
    for (String metric : List.of("checks", "group_duration")) {
      for (Point point : json.points(metric)) {
        long time = nanos(point);
        assertTrue(
            time >= start && time <= end,
            metric
                + " on line "
                + point.line()
                + " at "
                + point.time()
                + " is outside the run ["
                + jtl.startMillis
                + ", "
                + jtl.endMillis
                + "] ms");
      }
    }
  }

  @Test
  void csvHoldsTheSamePointsAsJson() {
    Map<String, Long> fromJson =
        count(
            json.points,
            p ->
                List.of(p.metric(), p.time().getEpochSecond(), goF(p.value()), nonEmpty(p.tags()))
                    .toString());
    Map<String, Long> fromCsv =
        count(
            csv.rows,
            r ->
                List.of(r.metric(), r.unixSeconds(), r.value(), new TreeMap<>(r.tags()))
                    .toString());
    assertEquals(
        fromJson,
        fromCsv,
        "CSV rows vs JSON points (metric, unix second, %f value, non-empty tags)");
  }

  private String expectedRequestTags(Request request) {
    JmeterPlan.Sampler sampler = plan.sampler(request.sampler());
    Map<String, String> tags = new TreeMap<>();
    tags.put("name", request.label());
    tags.put("url", request.url());
    // The JTL does not record a sub-result's method; the plan's redirects are all GET hops.
    tags.put("method", request.label().equals(sampler.label()) ? sampler.method() : "GET");
    tags.put("status", request.status());
    tags.put("expected_response", String.valueOf(expectedResponse(request.status())));
    tags.put("group", sampler.groupPath());
    tags.put("scenario", request.threadGroup());
    if (request.transportFailed()) {
      tags.put(
          "error_code", "1212"); // k6's tcpDialRefusedErrorCode: the plan's only transport error
    } else {
      tags.put("proto", "HTTP/1.1");
      if (Integer.parseInt(request.status()) >= 400) {
        tags.put("error_code", String.valueOf(1000 + Integer.parseInt(request.status())));
      }
    }
    return tags.toString();
  }

  /**
   * The tags the JTL can vouch for; k6 adds "error" (a message) on transport errors, which is not
   * compared.
   */
  private static String requestTags(Map<String, String> tags) {
    Map<String, String> compared = new TreeMap<>(tags);
    compared
        .keySet()
        .retainAll(
            Set.of(
                "name",
                "url",
                "method",
                "status",
                "proto",
                "expected_response",
                "error_code",
                "group",
                "scenario"));
    if ("0".equals(tags.get("status"))) {
      compared.remove("proto");
    }
    return compared.toString();
  }

  private static boolean expectedResponse(String status) {
    int code = Integer.parseInt(status);
    return code >= 200 && code <= 399;
  }

  /**
   * Pairs every request with one point inside [start - 1 ms, end + 1 ms] (the JTL has millisecond
   * precision): greedy by earliest end, which finds a complete pairing whenever one exists.
   */
  private static void matchTimes(String what, List<Request> requests, List<Point> points) {
    assertEquals(requests.size(), points.size(), what + ": points vs requests");
    List<Request> byStart =
        requests.stream().sorted(Comparator.comparingLong(Request::startMillis)).toList();
    List<Point> byTime =
        points.stream().sorted(Comparator.comparingLong(ReconciliationIT::nanos)).toList();
    PriorityQueue<Request> open = new PriorityQueue<>(Comparator.comparingLong(Request::endMillis));
    int next = 0;
    for (Point point : byTime) {
      long time = nanos(point);
      while (next < byStart.size() && byStart.get(next).startMillis() * MILLI - MILLI <= time) {
        open.add(byStart.get(next++));
      }
      while (!open.isEmpty() && open.peek().endMillis() * MILLI + MILLI < time) {
        Request missed = open.poll();
        fail(
            what
                + ": no point within the request at "
                + missed.startMillis()
                + "+"
                + missed.elapsedMillis()
                + " ms");
      }
      if (open.poll() == null) {
        fail(
            what
                + ": the point on line "
                + point.line()
                + " at "
                + point.time()
                + " is within no request");
      }
    }
  }

  private static List<String> firstTen(List<String> violations) {
    return violations.subList(0, Math.min(10, violations.size()));
  }

  private static long nanos(Point point) {
    return point.time().getEpochSecond() * 1_000_000_000L + point.time().getNano();
  }

  private static long sum(String metric) {
    double sum = json.points(metric).stream().mapToDouble(Point::value).sum();
    assertEquals(Math.rint(sum), sum, metric + " is a whole number of bytes");
    return (long) sum;
  }

  /** Go's %f: six decimals of the double's exact value, ties to even. */
  private static String goF(double value) {
    return new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static Map<String, String> nonEmpty(Map<String, String> tags) {
    Map<String, String> map = new TreeMap<>(tags);
    map.values().removeIf(String::isEmpty);
    return map;
  }

  private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  private static Path file(String property) {
    String path = System.getProperty(property);
    if (path == null) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run this test through ./mvnw verify");
    }
    Path file = Path.of(path);
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(
          property + ": " + file + " does not exist; did the JMeter run write it?");
    }
    return file;
  }
}
