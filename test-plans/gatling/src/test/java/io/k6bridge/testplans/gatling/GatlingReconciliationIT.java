package io.k6bridge.testplans.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.testplans.gatling.K6Points.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reconciles each real run's k6 JSON with Gatling's simulation.log of the same run: requests,
 * OK/KO, durations, groups, checks, users and errors must match exactly. Runs once per way of
 * attaching (the DSL line, the javaagent), for the Gatling version the build ran.
 */
class GatlingReconciliationIT {
  private static final Path K6_DIR = Paths.get(System.getProperty("k6.dir", "target"));
  private static final Path RESULTS =
      Paths.get(System.getProperty("gatling.results", "target/gatling"));
  private static final String VERSION = System.getProperty("gatling.version", "3.15.1");

  private static Run run(String mode) throws IOException {
    Path dir;
    try (Stream<Path> dirs = Files.list(RESULTS)) {
      dir =
          dirs.filter(d -> d.getFileName().toString().startsWith(mode + "simulation-"))
              .max(Comparator.comparing(d -> d.getFileName().toString()))
              .orElseThrow(
                  () -> new AssertionError("no Gatling results for " + mode + " in " + RESULTS));
    }
    return new Run(
        SimulationLog.read(dir.resolve("simulation.log")),
        K6Points.read(K6_DIR.resolve("k6-" + VERSION + "-" + mode + ".json")));
  }

  private record Run(SimulationLog gatling, K6Points k6) {}

  private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  private static String request(String group, String name) {
    return group + "|" + name;
  }

  @ParameterizedTest
  @ValueSource(strings = {"attach", "agent"})
  void requestsOkAndKoMatchGatling(String mode) throws IOException {
    Run r = run(mode);
    List<SimulationLog.Request> requests = r.gatling.requests;
    assertEquals(50, requests.size(), "the simulation's fixed request count");
    assertEquals(
        count(requests, q -> request(q.group(), q.name())),
        count(r.k6.of("http_reqs"), p -> request(p.tag("group"), p.tag("name"))),
        "http_reqs per group and name");
    assertEquals(
        count(
            requests.stream().filter(SimulationLog.Request::ok).toList(),
            q -> request(q.group(), q.name())),
        count(r.k6.of("checks", p -> p.value() == 1), p -> request(p.tag("group"), p.tag("check"))),
        "OK = passed checks");
    // A KO either failed a check (a response came) or never got a response (status 0).
    List<Point> koByK6 = new java.util.ArrayList<>(r.k6.of("checks", p -> p.value() == 0));
    koByK6.addAll(r.k6.of("http_reqs", p -> "0".equals(p.tag("status"))));
    assertEquals(
        count(requests.stream().filter(q -> !q.ok()).toList(), q -> request(q.group(), q.name())),
        count(
            koByK6,
            p -> request(p.tag("group"), p.tag(p.metric().equals("checks") ? "check" : "name"))),
        "KO = failed checks + requests without response");
  }

  @ParameterizedTest
  @ValueSource(strings = {"attach", "agent"})
  void durationsAreGatlingsResponseTimes(String mode) throws IOException {
    Run r = run(mode);
    Map<String, List<Double>> gatling = new TreeMap<>();
    for (SimulationLog.Request q : r.gatling.requests) {
      gatling
          .computeIfAbsent(request(q.group(), q.name()), k -> new java.util.ArrayList<>())
          .add((double) (q.end() - q.start()));
    }
    Map<String, List<Double>> k6 = new TreeMap<>();
    for (Point p : r.k6.of("http_req_duration")) {
      k6.computeIfAbsent(request(p.tag("group"), p.tag("name")), k -> new java.util.ArrayList<>())
          .add(p.value());
    }
    gatling.values().forEach(java.util.Collections::sort);
    k6.values().forEach(java.util.Collections::sort);
    assertEquals(gatling, k6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"attach", "agent"})
  void statusAndErrorTagsFollowK6(String mode) throws IOException {
    Run r = run(mode);
    Map<String, Map<String, String>> byName = new TreeMap<>();
    for (Point p : r.k6.of("http_reqs")) {
      Map<String, String> t = new TreeMap<>(p.tags());
      t.keySet().removeAll(List.of("name", "group", "scenario", "testid"));
      byName.put(p.tag("name"), t);
    }
    assertEquals(Map.of("status", "200", "expected_response", "true"), byName.get("home"));
    assertEquals(Map.of("status", "200", "expected_response", "true"), byName.get("body"));
    assertEquals(
        Map.of("status", "404", "expected_response", "false", "error_code", "1404"),
        byName.get("missing"));
    assertEquals(
        Map.of(
            "status",
            "0",
            "expected_response",
            "false",
            "error_code",
            "1212",
            "error",
            "dial: connection refused"),
        byName.get("refused"));
    assertEquals(20, r.k6.of("http_req_failed", p -> p.value() == 1).size(), "404s and refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"attach", "agent"})
  void groupsMatchGatling(String mode) throws IOException {
    Run r = run(mode);
    assertEquals(
        count(r.gatling.groups, SimulationLog.Group::path),
        count(r.k6.of("group_duration"), p -> p.tag("group")));
    assertEquals(
        r.gatling.groups.stream().map(g -> (double) (g.end() - g.start())).sorted().toList(),
        r.k6.of("group_duration").stream().map(Point::value).sorted().toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"attach", "agent"})
  void usersAreIterationsAndVus(String mode) throws IOException {
    Run r = run(mode);
    assertEquals(
        count(
            r.gatling.users.stream().filter(u -> !u.start()).toList(),
            SimulationLog.User::scenario),
        count(r.k6.of("iterations"), p -> p.tag("scenario")));
    assertEquals(
        List.copyOf(new java.util.TreeSet<>(r.gatling.scenarios)),
        r.k6.points.stream()
            .map(p -> p.tag("scenario"))
            .filter(s -> s != null)
            .distinct()
            .sorted()
            .toList());
    List<Point> vusMax = r.k6.of("vus_max");
    List<Point> vus = r.k6.of("vus");
    assertFalse(vus.isEmpty(), "vus is sampled once a second");
    double peak = vusMax.get(vusMax.size() - 1).value();
    long users = r.gatling.users.stream().filter(SimulationLog.User::start).count();
    assertTrue(peak >= 1 && peak <= users, "vus_max " + peak + " within 1.." + users);
    vus.forEach(p -> assertTrue(p.value() >= 0 && p.value() <= peak, "vus " + p.value()));
    vus.forEach(
        p -> assertEquals(Map.of("testid", "gatling-it"), p.tags(), "vus has run tags only"));
  }

  /**
   * One user journey is one iteration. Under the agent every scenario is timed; with the DSL line,
   * the scenarios that carry it (here browse only). A duration starts at Gatling's own User-start
   * time and ends when the user exits the scenario, which precedes Gatling's User-end record (its
   * injector logs it after the user's exit): simulation.log has no user ids to pair records, so the
   * per-scenario totals are compared: k6's is at most Gatling's, short by the injector's queueing
   * only.
   */
  @ParameterizedTest
  @ValueSource(strings = {"attach", "agent"})
  void iterationDurationsAreUserJourneys(String mode) throws IOException {
    Run r = run(mode);
    List<String> timed = mode.equals("attach") ? List.of("browse") : List.of("api", "browse");
    List<SimulationLog.User> users =
        r.gatling.users.stream().filter(u -> timed.contains(u.scenario())).toList();
    assertEquals(
        count(users.stream().filter(u -> !u.start()).toList(), SimulationLog.User::scenario),
        count(r.k6.of("iteration_duration"), p -> p.tag("scenario")),
        "one iteration_duration per ended user of each timed scenario");
    for (String scenario : timed) {
      long gatling = 0;
      for (SimulationLog.User u : users) {
        if (u.scenario().equals(scenario)) {
          gatling += u.start() ? -u.time() : u.time();
        }
      }
      double k6 =
          r.k6.of("iteration_duration", p -> scenario.equals(p.tag("scenario"))).stream()
              .mapToDouble(Point::value)
              .sum();
      long ended = users.stream().filter(u -> !u.start() && u.scenario().equals(scenario)).count();
      assertTrue(k6 <= gatling, scenario + ": k6 " + k6 + " ms > Gatling's " + gatling + " ms");
      assertTrue(
          gatling - k6 <= 1000.0 * ended,
          scenario + ": k6 " + k6 + " ms, Gatling " + gatling + " ms");
    }
    r.k6
        .of("iteration_duration", p -> "browse".equals(p.tag("scenario")))
        .forEach(p -> assertTrue(p.value() >= 100, "browse pauses 100 ms: " + p));
    r.k6.of("iteration_duration").forEach(p -> assertEquals("", p.tag("group"), p.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"attach", "agent"})
  void errorsAndRunTags(String mode) throws IOException {
    Run r = run(mode);
    assertEquals(
        count(r.gatling.errors, String::trim),
        count(r.k6.of("gatling_errors"), p -> p.tag("error")));
    // testid comes from gatling.conf's k6 block (whose K6_OUT the -DK6_OUT overrides).
    r.k6.points.forEach(p -> assertEquals("gatling-it", p.tag("testid"), p.toString()));
  }
}
