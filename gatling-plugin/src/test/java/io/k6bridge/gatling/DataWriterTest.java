package io.k6bridge.gatling;

import static io.k6bridge.gatling.GatlingMessages.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

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
 * The whole attach path on a real (unstarted) DataWritersStatsEngine: the agent's hook appends the
 * bridge to its data writers, messages become k6 samples, and Stop completes only after the
 * outputs are flushed.
 */
class DataWriterTest {
  @TempDir Path dir;

  @Test
  void attachesOnceTranslatesAndFlushesBeforeCompletingStop() throws Exception {
    Path out = dir.resolve("k6.json");
    System.setProperty("K6_OUT", "json=" + out);
    System.setProperty("K6_TAGS", "testid=unit");
    Object engine;
    try {
      engine = Class.forName(GatlingInternals.STATS_ENGINE).getConstructors()[0]
          .newInstance(scala.collection.immutable.List$.MODULE$.empty(), null, null);
      K6BridgeAgent.statsEngineCreated(engine);
      K6BridgeAgent.statsEngineCreated(engine); // the DSL line and the agent both: once
    } finally {
      System.clearProperty("K6_OUT");
      System.clearProperty("K6_TAGS");
    }
    java.lang.reflect.Field f = engine.getClass().getDeclaredField(GatlingInternals.DATA_WRITERS);
    f.setAccessible(true);
    scala.collection.immutable.Seq<?> writers = (scala.collection.immutable.Seq<?>) f.get(engine);
    assertEquals(1, writers.size());
    @SuppressWarnings("unchecked")
    io.gatling.core.actor.ActorRef<Object> writer = (io.gatling.core.actor.ActorRef<Object>) writers.head();

    long t = 1_700_000_000_000L;
    writer.$bang(GatlingMessages.user("browse", t, true));
    writer.$bang(GatlingMessages.response("browse", list("shop", "cart"), "missing", t, t + 7, false, "404",
        "status.find.in([200, 209], 304), found 404"));
    writer.$bang(GatlingMessages.response("browse", list(), "refused", t, t + 2, false, null,
        "j.n.ConnectException: finishConnect(..) failed with error(-111): Connection refused"));
    writer.$bang(GatlingMessages.response("browse", list("shop"), "home", t, t + 3, true, "200", null));
    writer.$bang(GatlingMessages.group("browse", list("shop", "cart"), t, t + 40));
    writer.$bang(GatlingMessages.error("crash: No attribute named 'x' is defined ", t));
    writer.$bang(GatlingMessages.user("browse", t + 50, false));
    Promise<Object> stopped = writer.replyPromise(null);
    writer.$bang(GatlingMessages.stop(stopped));
    Await.result(stopped.future(), Duration.create(10, "s"));

    List<String> points = Files.readAllLines(out).stream()
        .filter(l -> l.contains("\"type\":\"Point\""))
        .map(l -> l.replaceAll("\"time\":\"[^\"]*\",", ""))
        .filter(l -> !l.contains("\"metric\":\"vus"))
        .collect(Collectors.toList());
    assertEquals(List.of(
        point("http_reqs", 1, "\"error_code\":\"1404\",\"expected_response\":\"false\",\"group\":\"::shop::cart\",\"name\":\"missing\",\"scenario\":\"browse\",\"status\":\"404\""),
        point("http_req_duration", 7, "\"error_code\":\"1404\",\"expected_response\":\"false\",\"group\":\"::shop::cart\",\"name\":\"missing\",\"scenario\":\"browse\",\"status\":\"404\""),
        point("http_req_failed", 1, "\"error_code\":\"1404\",\"expected_response\":\"false\",\"group\":\"::shop::cart\",\"name\":\"missing\",\"scenario\":\"browse\",\"status\":\"404\""),
        point("checks", 0, "\"check\":\"missing\",\"group\":\"::shop::cart\",\"scenario\":\"browse\""),
        point("http_reqs", 1, "\"error\":\"dial: connection refused\",\"error_code\":\"1212\",\"expected_response\":\"false\",\"group\":\"\",\"name\":\"refused\",\"scenario\":\"browse\",\"status\":\"0\""),
        point("http_req_duration", 2, "\"error\":\"dial: connection refused\",\"error_code\":\"1212\",\"expected_response\":\"false\",\"group\":\"\",\"name\":\"refused\",\"scenario\":\"browse\",\"status\":\"0\""),
        point("http_req_failed", 1, "\"error\":\"dial: connection refused\",\"error_code\":\"1212\",\"expected_response\":\"false\",\"group\":\"\",\"name\":\"refused\",\"scenario\":\"browse\",\"status\":\"0\""),
        point("http_reqs", 1, "\"expected_response\":\"true\",\"group\":\"::shop\",\"name\":\"home\",\"scenario\":\"browse\",\"status\":\"200\""),
        point("http_req_duration", 3, "\"expected_response\":\"true\",\"group\":\"::shop\",\"name\":\"home\",\"scenario\":\"browse\",\"status\":\"200\""),
        point("http_req_failed", 0, "\"expected_response\":\"true\",\"group\":\"::shop\",\"name\":\"home\",\"scenario\":\"browse\",\"status\":\"200\""),
        point("checks", 1, "\"check\":\"home\",\"group\":\"::shop\",\"scenario\":\"browse\""),
        point("group_duration", 40, "\"group\":\"::shop::cart\",\"scenario\":\"browse\""),
        "{\"metric\":\"gatling_errors\",\"type\":\"Point\",\"data\":{\"value\":1,\"tags\":{\"error\":\"crash: No attribute named 'x' is defined\",\"testid\":\"unit\"}}}",
        point("iterations", 1, "\"group\":\"\",\"scenario\":\"browse\"")),
        points);
  }

  private static String point(String metric, int value, String tags) {
    return "{\"metric\":\"" + metric + "\",\"type\":\"Point\",\"data\":{\"value\":" + value + ",\"tags\":{"
        + tags + ",\"testid\":\"unit\"}}}";
  }

  @Test
  void unsupportedContextLeavesTheRunUntouched() {
    // Not a ScenarioContext: one warning, no exception, nothing attached.
    assertDoesNotThrow(() -> Attachment.toScenario(new Object()));
  }
}
