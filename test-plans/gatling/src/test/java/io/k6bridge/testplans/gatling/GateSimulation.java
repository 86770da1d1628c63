package io.k6bridge.testplans.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import com.sun.net.httpserver.HttpServer;
import io.gatling.javaapi.core.Simulation;
import io.k6bridge.gatling.K6Bridge;

/**
 * The threshold runs: 10 users a second for {@code -Dgate.seconds} (default 3), each requesting one
 * page that answers 200 and one that answers 404 (KO by Gatling's default status check), so half of
 * the requests fail. The gates are set by K6_THRESHOLDS per run.
 */
public final class GateSimulation extends Simulation {
  private final HttpServer server = LoopbackSimulation.startServer();

  public GateSimulation() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    setUp(
        scenario("gate")
            .exec(K6Bridge.attach())
            .exec(http("ok").get(base + "/ok"))
            .exec(http("missing").get(base + "/missing"))
            .injectOpen(constantUsersPerSec(10).during(Integer.getInteger("gate.seconds", 3))));
  }

  @Override
  public void after() {
    server.stop(0);
  }
}
