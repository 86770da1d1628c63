package io.k6bridge.gatling;

import static io.k6bridge.gatling.GatlingMessages.list;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatling.core.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.concurrent.Await;
import scala.concurrent.Promise;
import scala.concurrent.duration.Duration;

/**
 * The whole attach path on a real (unstarted) DataWritersStatsEngine in real CoreComponents: the
 * agent's hook on a scenario's context appends the bridge to its data writers, messages become k6
 * samples, a user's session carries its iteration timing, an abortOnFail threshold asks the
 * controller to stop, and Stop completes only after the outputs are flushed.
 */
class DataWriterTest {
  @TempDir Path dir;

  /** Gatling's own clock: the bridge times iterations with the run's. */
  private final io.gatling.commons.util.Clock clock = new io.gatling.commons.util.DefaultClock();

  @Test
  void attachesOnceTranslatesAndFlushesBeforeCompletingStop() throws Exception {
    Path out = dir.resolve("k6.json");
    System.setProperty("K6_OUT", "json=" + out);
    System.setProperty("K6_TAGS", "testid=unit");
    // Only the adapter's samples: the injector's telemetry and lifecycle series are common's own.
    System.setProperty("K6BRIDGE_TELEMETRY_INTERVAL", "off");
    Object engine;
    io.gatling.core.structure.ScenarioContext ctx;
    try {
      engine = newStatsEngine();
      Object components = coreComponents(engine, new Controller(), clock);
      ctx = scenarioContext(components);
      K6BridgeAgent.scenarioContextCreated(ctx);
      Attachment.toScenario(ctx); // the DSL line and the agent both: once
      K6BridgeAgent.scenarioContextCreated(scenarioContext(components)); // another scenario
    } finally {
      System.clearProperty("K6_OUT");
      System.clearProperty("K6_TAGS");
      System.clearProperty("K6BRIDGE_TELEMETRY_INTERVAL");
    }
    io.gatling.core.actor.ActorRef<Object> writer = dataWriter(engine);

    long t = 1_700_000_000_000L;
    // Gatling's order on the user's thread: the scenario's onStart, then the User start record.
    K6DataWriter bridge = (K6DataWriter) writer;
    // The scenario's onStart, as Gatling folds it from the context's protocol components.
    Session session = ctx.protocolComponentsRegistry().onStart().apply(session("browse"));
    assertTrue(session.contains(IterationTiming.ATTRIBUTE), "the context carries the timing");
    assertSame(
        session, IterationTiming.started(session, bridge), "the agent and the DSL line: once");
    writer.$bang(GatlingMessages.user("browse", t, true));
    writer.$bang(
        GatlingMessages.response(
            "browse",
            list("shop", "cart"),
            "missing",
            t,
            t + 7,
            false,
            "404",
            "status.find.in([200, 209], 304), found 404"));
    writer.$bang(
        GatlingMessages.response(
            "browse",
            list(),
            "refused",
            t,
            t + 2,
            false,
            null,
            "j.n.ConnectException: finishConnect(..) failed with error(-111): Connection refused"));
    writer.$bang(
        GatlingMessages.response("browse", list("shop"), "home", t, t + 3, true, "200", null));
    writer.$bang(GatlingMessages.group("browse", list("shop", "cart"), t, t + 40));
    writer.$bang(GatlingMessages.error("crash: No attribute named 'x' is defined ", t));
    long beforeExit = clock.nowMillis();
    IterationTiming.exited(session);
    IterationTiming.exited(session); // the agent and the DSL line: once
    long afterExit = clock.nowMillis();
    writer.$bang(GatlingMessages.user("browse", t + 50, false));
    Promise<Object> stopped = writer.replyPromise(null);
    writer.$bang(GatlingMessages.stop(stopped));
    Await.result(stopped.future(), Duration.create(10, "s"));

    List<String> points =
        Files.readAllLines(out).stream()
            .filter(l -> l.contains("\"type\":\"Point\""))
            .map(l -> l.replaceAll("\"time\":\"[^\"]*\",", ""))
            .filter(l -> !l.contains("\"metric\":\"vus"))
            .collect(Collectors.toList());
    // iteration_duration: from the User start record's time to the exit, on Gatling's clock.
    List<String> iterations =
        points.stream().filter(l -> l.contains("iteration_duration")).toList();
    assertEquals(1, iterations.size(), points.toString());
    points.removeAll(iterations);
    long duration = Long.parseLong(iterations.get(0).replaceAll(".*\"value\":([0-9]+),.*", "$1"));
    assertTrue(duration >= beforeExit - t && duration <= afterExit - t, duration + " ms from " + t);
    assertEquals(
        point("iteration_duration", duration, "\"group\":\"\",\"scenario\":\"browse\""),
        iterations.get(0));
    assertEquals(
        List.of(
            point(
                "http_reqs",
                1,
                "\"error_code\":\"1404\",\"expected_response\":\"false\",\"group\":\"::shop::cart\",\"name\":\"missing\",\"scenario\":\"browse\",\"status\":\"404\""),
            point(
                "http_req_duration",
                7,
                "\"error_code\":\"1404\",\"expected_response\":\"false\",\"group\":\"::shop::cart\",\"name\":\"missing\",\"scenario\":\"browse\",\"status\":\"404\""),
            point(
                "http_req_failed",
                1,
                "\"error_code\":\"1404\",\"expected_response\":\"false\",\"group\":\"::shop::cart\",\"name\":\"missing\",\"scenario\":\"browse\",\"status\":\"404\""),
            point(
                "checks",
                0,
                "\"check\":\"missing\",\"group\":\"::shop::cart\",\"scenario\":\"browse\""),
            point(
                "http_reqs",
                1,
                "\"error\":\"dial: connection refused\",\"error_code\":\"1212\",\"expected_response\":\"false\",\"group\":\"\",\"name\":\"refused\",\"scenario\":\"browse\",\"status\":\"0\""),
            point(
                "http_req_duration",
                2,
                "\"error\":\"dial: connection refused\",\"error_code\":\"1212\",\"expected_response\":\"false\",\"group\":\"\",\"name\":\"refused\",\"scenario\":\"browse\",\"status\":\"0\""),
            point(
                "http_req_failed",
                1,
                "\"error\":\"dial: connection refused\",\"error_code\":\"1212\",\"expected_response\":\"false\",\"group\":\"\",\"name\":\"refused\",\"scenario\":\"browse\",\"status\":\"0\""),
            point(
                "http_reqs",
                1,
                "\"expected_response\":\"true\",\"group\":\"::shop\",\"name\":\"home\",\"scenario\":\"browse\",\"status\":\"200\""),
            point(
                "http_req_duration",
                3,
                "\"expected_response\":\"true\",\"group\":\"::shop\",\"name\":\"home\",\"scenario\":\"browse\",\"status\":\"200\""),
            point(
                "http_req_failed",
                0,
                "\"expected_response\":\"true\",\"group\":\"::shop\",\"name\":\"home\",\"scenario\":\"browse\",\"status\":\"200\""),
            point("checks", 1, "\"check\":\"home\",\"group\":\"::shop\",\"scenario\":\"browse\""),
            point("group_duration", 40, "\"group\":\"::shop::cart\",\"scenario\":\"browse\""),
            "{\"metric\":\"gatling_errors\",\"type\":\"Point\",\"data\":{\"value\":1,\"tags\":{\"error\":\"crash: No attribute named 'x' is defined\",\"testid\":\"unit\"}}}",
            point("iterations", 1, "\"group\":\"\",\"scenario\":\"browse\"")),
        points);
  }

  private static String point(String metric, long value, String tags) {
    return "{\"metric\":\""
        + metric
        + "\",\"type\":\"Point\",\"data\":{\"value\":"
        + value
        + ",\"tags\":{"
        + tags
        + ",\"testid\":\"unit\"}}}";
  }

  @Test
  void abortOnFailAsksGatlingsControllerToStop() throws Exception {
    System.setProperty(
        "K6_THRESHOLDS",
        "{\"http_req_failed\":[{\"threshold\":\"rate<0.01\",\"abortOnFail\":true}]}");
    System.setProperty("K6_SUMMARY_MODE", "disabled");
    Object engine = newStatsEngine();
    Controller controller = new Controller();
    try {
      K6BridgeAgent.scenarioContextCreated(
          scenarioContext(coreComponents(engine, controller, clock)));
    } finally {
      System.clearProperty("K6_THRESHOLDS");
      System.clearProperty("K6_SUMMARY_MODE");
    }
    io.gatling.core.actor.ActorRef<Object> writer = dataWriter(engine);
    long t = System.currentTimeMillis();
    writer.$bang(
        GatlingMessages.response(
            "s", list(), "missing", t, t + 1, false, "404", "status.find.in(200), found 404"));
    // Thresholds are evaluated every 2 s on the engine thread; the wait is generous, not a timing
    // claim.
    Object stop = controller.messages.poll(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(
        GatlingInternals.STOP_LOAD_GENERATOR, stop == null ? null : stop.getClass().getName());
    scala.Product p = (scala.Product) stop;
    assertTrue(
        ((String) p.productElement(0)).startsWith("k6bridge: "), p.productElement(0).toString());
    assertTrue(
        ((String) p.productElement(0)).contains("http_req_failed"), p.productElement(0).toString());
    assertEquals(false, p.productElement(1), "a graceful stop, not a crash");
    Promise<Object> stopped = writer.replyPromise(null);
    writer.$bang(GatlingMessages.stop(stopped));
    Await.result(stopped.future(), Duration.create(10, "s"));
  }

  private static Object newStatsEngine() throws ReflectiveOperationException {
    return Class.forName(GatlingInternals.STATS_ENGINE)
        .getConstructors()[0]
        .newInstance(scala.collection.immutable.List$.MODULE$.empty(), null, null);
  }

  private static Object coreComponents(
      Object statsEngine, Controller controller, io.gatling.commons.util.Clock clock) {
    return new io.gatling.core.CoreComponents(
        null,
        null,
        controller,
        scala.Option.empty(),
        (io.gatling.core.stats.StatsEngine) statsEngine,
        clock,
        null,
        null);
  }

  /** A scenario's context as Gatling builds it, with a registry of no protocols. */
  private static io.gatling.core.structure.ScenarioContext scenarioContext(Object coreComponents) {
    io.gatling.core.CoreComponents components = (io.gatling.core.CoreComponents) coreComponents;
    return new io.gatling.core.structure.ScenarioContext(
        components,
        new io.gatling.core.protocol.ProtocolComponentsRegistry(
            components,
            scala.collection.immutable.Map$.MODULE$.empty(),
            new scala.collection.mutable.HashMap<>(),
            new scala.collection.mutable.HashMap<>()),
        null,
        false);
  }

  /** The one data writer the bridge appended. */
  @SuppressWarnings("unchecked")
  private static io.gatling.core.actor.ActorRef<Object> dataWriter(Object engine)
      throws ReflectiveOperationException {
    java.lang.reflect.Field f = engine.getClass().getDeclaredField(GatlingInternals.DATA_WRITERS);
    f.setAccessible(true);
    scala.collection.immutable.Seq<?> writers = (scala.collection.immutable.Seq<?>) f.get(engine);
    assertEquals(1, writers.size());
    return (io.gatling.core.actor.ActorRef<Object>) writers.head();
  }

  private static Session session(String scenario) {
    return io.gatling.core.session.Session$.MODULE$.apply(scenario, 1L, null);
  }

  /** Gatling's controller as an actor reference: records what it is sent. */
  @SuppressWarnings("rawtypes")
  static final class Controller implements io.gatling.core.actor.ActorRef {
    final java.util.concurrent.BlockingQueue<Object> messages =
        new java.util.concurrent.LinkedBlockingQueue<>();

    @Override
    public void $bang(Object message) {
      messages.add(message);
    }

    @Override
    public String name() {
      return "controller";
    }

    @Override
    public Promise replyPromise(scala.concurrent.duration.FiniteDuration timeout) {
      return Promise.apply();
    }
  }

  @Test
  void unsupportedContextLeavesTheRunUntouched() {
    // Not a ScenarioContext: one warning, no exception, nothing attached.
    assertDoesNotThrow(() -> Attachment.toScenario(new Object()));
  }
}
