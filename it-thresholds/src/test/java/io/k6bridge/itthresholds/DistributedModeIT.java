package io.k6bridge.itthresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.JmeterJtl;
import io.k6bridge.testplans.JmeterPlan;
import io.k6bridge.testplans.K6JsonFile;
import io.k6bridge.testplans.MetricStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * JMeter 5.6.3's distributed mode, for real: a controller and two jmeter-server engines on loopback
 * (RMI without SSL, fixed ports) run the reconciliation plan (two thread groups, Transaction
 * Controllers in both modes, assertions, a redirect, a refused connection). The k6bridge listener
 * runs on the controller, which gets every engine's results over RMI; its k6 JSON output is
 * reconciled with the controller's JTL, each engine's results carry the engine as {@code injector},
 * {@code vus_max} is the fleet's, and a failed threshold makes the controller exit 99.
 */
class DistributedModeIT {
  private static final Path BUILD = Path.of(System.getProperty("k6.build.dir"));
  private static final Path PLAN = Path.of(System.getProperty("k6.reconcile.plan"));
  private static final Path TAIL_PLAN = Path.of(System.getProperty("k6.tail.plan"));
  private static final Path RESULTS = Path.of(System.getProperty("k6.results.dir"));
  private static final String PORT = System.getProperty("k6.target.port");

  /** Threads per engine in reconcile.jmx: two thread groups of two. */
  private static final int THREADS_PER_ENGINE = 4;

  @Test
  void theControllersK6ResultIsTheWholeFleets() throws Exception {
    int[] ports = freePorts(5);
    List<String> engines = new ArrayList<>();
    List<JMeterProcess> servers = startEngines(ports, engines);
    String testid = "distributed-" + System.currentTimeMillis();
    try (MetricStore prometheus = MetricStore.prometheus()) {
      Path json = RESULTS.resolve("distributed.json");
      Path export = RESULTS.resolve("distributed-export.json");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-n",
                  "-t",
                  PLAN.toString(),
                  "-R",
                  String.join(",", engines),
                  "-X",
                  "-Jserver.rmi.ssl.disable=true",
                  "-Gtarget.port=" + PORT,
                  "-Grefused.port=" + ports[4],
                  "-Jresults.dir=" + RESULTS,
                  "-JK6_OUT=json=" + json + ",experimental-prometheus-rw",
                  "-JK6_PROMETHEUS_RW_SERVER_URL=" + prometheus.writeUrl(),
                  "-JK6_PROMETHEUS_RW_PUSH_INTERVAL=1s",
                  "-JK6_TAGS=testid=" + testid,
                  "-JK6_SUMMARY_EXPORT=" + export,
                  "-JK6_THRESHOLDS={\"http_reqs\":[\"count<1\"]}",
                  "-Jmode=io.k6bridge.jmeter.EngineSampleSender"));
      // The JTL the reconciliation reads: XML with sub-results and assertions, as in test-plans.
      for (String p :
          List.of(
              "output_format=xml",
              "subresults=true",
              "assertion_results=all",
              "bytes=true",
              "sent_bytes=true",
              "url=true",
              "thread_name=true",
              "connect_time=true",
              "latency=true",
              "timestamp_format=ms")) {
        args.add("-Jjmeter.save.saveservice." + p);
      }
      JMeterProcess controller = JMeterProcess.launch("controller", BUILD, args, Map.of());
      assertEquals(99, controller.await(240), "a failed threshold: " + controller.consoleText());

      JmeterJtl jtl = JmeterJtl.read(controller.jtl);
      K6JsonFile k6 = K6JsonFile.read(json);
      assertTrue(k6.violations.isEmpty(), k6.violations.toString());
      List<K6JsonFile.Point> reqs = k6.points("http_reqs");
      assertEquals(jtl.requests.size(), reqs.size(), "http_reqs: one per request of the JTL");
      Map<String, Integer> jtlByEngine = new TreeMap<>();
      for (JmeterJtl.Request r : jtl.requests) {
        jtlByEngine.merge(engineOf(r.threadGroup(), engines), 1, Integer::sum);
      }
      Map<String, Integer> k6ByEngine = new TreeMap<>();
      for (K6JsonFile.Point p : reqs) {
        k6ByEngine.merge(p.tags().get("injector"), 1, Integer::sum);
      }
      assertEquals(2, jtlByEngine.size(), "both engines ran: " + jtlByEngine);
      assertEquals(jtlByEngine, k6ByEngine, "http_reqs per engine, as injector");
      for (Map.Entry<String, Integer> e : jtlByEngine.entrySet()) {
        String perEngine =
            "sum(k6_http_reqs_total{testid=\"" + testid + "\",injector=\"" + e.getKey() + "\"})";
        assertEquals(
            e.getValue(),
            prometheus.settledScalar(perEngine, e.getValue(), java.time.Duration.ofSeconds(10)),
            0.0,
            "Prometheus keeps each engine's series: " + perEngine);
      }

      List<K6JsonFile.Point> checks = k6.points("checks");
      assertEquals(jtl.assertions.size(), checks.size(), "checks: one per assertion result");
      long passed = jtl.assertions.stream().filter(JmeterJtl.Assertion::passed).count();
      assertEquals(passed, (long) checks.stream().mapToDouble(K6JsonFile.Point::value).sum());
      JmeterPlan plan = JmeterPlan.read(PLAN);
      assertEquals(
          count(jtl.transactions, t -> plan.transactionPath(t.name())),
          count(k6.points("group_duration"), p -> p.tags().get("group")),
          "one group_duration per transaction, nested paths as the engines' trees have them");
      assertEquals(
          count(
              jtl.assertions,
              a -> List.of(a.name(), a.passed(), plan.sampler(a.sampler()).groupPath()).toString()),
          count(
              checks,
              p ->
                  List.of(p.tags().get("check"), p.value() == 1, p.tags().get("group")).toString()),
          "checks (check, passed, group)");
      Map<String, Long> iterations = new TreeMap<>();
      for (JmeterPlan.ThreadGroup g : plan.threadGroups()) {
        for (String engine : engines) {
          iterations.put(g.name() + "@" + engine, (long) g.threads() * g.loops());
        }
      }
      assertEquals(
          iterations,
          count(
              k6.points("iterations"),
              p -> p.tags().get("scenario") + "@" + p.tags().get("injector")),
          "iterations per scenario and engine: every thread's every loop");
      assertEquals(
          k6.points("iterations").size(),
          k6.points("iteration_duration").size(),
          "an iteration_duration per iteration");
      Set<String> scenarios = new TreeSet<>();
      reqs.forEach(p -> scenarios.add(p.tags().get("scenario")));
      assertEquals(Set.of("browse", "checkout"), scenarios, "thread groups as scenarios");
      long failed =
          jtl.requests.stream()
              .filter(r -> r.transportFailed() || Integer.parseInt(r.status()) >= 400)
              .count();
      assertEquals(
          failed,
          (long) k6.points("http_req_failed").stream().mapToDouble(K6JsonFile.Point::value).sum(),
          "http_req_failed");

      Set<String> healthOf = new TreeSet<>();
      k6.points("k6bridge_injector_heap_used").forEach(p -> healthOf.add(p.tags().get("injector")));
      assertTrue(
          healthOf.containsAll(jtlByEngine.keySet()),
          "each engine's own health, as its injector: " + healthOf);
      Set<String> lagged = new TreeSet<>();
      k6.points("k6bridge_relay_lag").forEach(p -> lagged.add(p.tags().get("injector")));
      assertEquals(jtlByEngine.keySet(), lagged, "each engine's relay lag");

      JsonNode metrics = new ObjectMapper().readTree(export.toFile()).path("metrics");
      assertEquals(jtl.requests.size(), metrics.at("/http_reqs/count").asLong());
      long vusMax = metrics.at("/vus_max/max").asLong();
      assertTrue(
          vusMax > THREADS_PER_ENGINE / 2 && vusMax <= 2 * THREADS_PER_ENGINE,
          "vus_max is the fleet's active threads at their peak: " + vusMax);
    } finally {
      for (JMeterProcess s : servers) {
        s.destroy();
      }
    }
  }

  @Test
  void abortOnFailStopsEveryEngine() throws Exception {
    int[] ports = freePorts(4);
    List<String> engines = new ArrayList<>();
    List<JMeterProcess> servers = startEngines(ports, engines);
    try {
      // A million loops per thread: without the abort, this run would last an hour.
      JMeterProcess controller =
          JMeterProcess.launch(
              "controller-abort",
              BUILD,
              List.of(
                  "-n",
                  "-t",
                  TAIL_PLAN.toString(),
                  "-R",
                  String.join(",", engines),
                  "-X",
                  "-Jserver.rmi.ssl.disable=true",
                  "-Gtarget.port=" + PORT,
                  "-Gthreads=2",
                  "-Gloops=1000000",
                  "-Jresults.dir=" + RESULTS,
                  "-JK6_SUMMARY_EXPORT=" + RESULTS.resolve("distributed-abort-export.json"),
                  "-JK6_THRESHOLDS={\"http_reqs\":"
                      + "[{\"threshold\":\"count<100\",\"abortOnFail\":true}]}"),
              Map.of());
      assertEquals(99, controller.await(120), "aborted: " + controller.consoleText());
      assertTrue(
          controller.tookMillis() < 90_000, "stopped early: " + controller.tookMillis() + " ms");
      for (JMeterProcess s : servers) {
        assertEquals(0, s.await(60), "the engine ended its run and exited: " + s.consoleText());
      }
      String log = Files.readString(controller.log);
      for (String e : engines) {
        assertTrue(log.contains("asked engine " + e + " to stop"), log);
      }
    } finally {
      for (JMeterProcess s : servers) {
        s.destroy();
      }
    }
  }

  /** Two jmeter-server engines, listening on ports[0] and ports[2]; their ids into engines. */
  private static List<JMeterProcess> startEngines(int[] ports, List<String> engines)
      throws Exception {
    List<JMeterProcess> servers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int registry = ports[2 * i];
      servers.add(
          JMeterProcess.launch(
              "engine-" + (i + 1),
              BUILD,
              List.of(
                  "-s",
                  "-Jserver_port=" + registry,
                  "-Jserver.rmi.localport=" + ports[2 * i + 1],
                  "-Jserver.rmi.ssl.disable=true",
                  "-Djava.rmi.server.hostname=127.0.0.1"),
              Map.of()));
      engines.add("127.0.0.1:" + registry);
    }
    for (int i = 0; i < 2; i++) {
      awaitListening(ports[2 * i], servers.get(i));
    }
    return servers;
  }

  private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  /** The engine a JTL thread name (without its thread numbers) came from. */
  private static String engineOf(String threadGroup, List<String> engines) {
    for (String e : engines) {
      if (threadGroup.startsWith(e + "-")) {
        return e;
      }
    }
    throw new AssertionError("a result from no engine: " + threadGroup);
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        open.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : open) {
        s.close();
      }
    }
    return ports;
  }

  private static void awaitListening(int port, JMeterProcess server) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("engine not listening on " + port + ": " + server.consoleText());
  }
}
