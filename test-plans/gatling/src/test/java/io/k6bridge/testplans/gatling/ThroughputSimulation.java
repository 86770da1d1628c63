package io.k6bridge.testplans.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import com.sun.net.httpserver.HttpServer;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.k6bridge.gatling.K6Bridge;

/**
 * The throughput comparison: 20 closed-model users requesting the loopback server as fast as it
 * answers for 10 s, with the bridge ({@code -Dk6bridge.attach=true}) or without. Not part of the
 * build's runs; see the README for the command.
 */
public final class ThroughputSimulation extends Simulation {
  private final HttpServer server = LoopbackSimulation.startServer();

  public ThroughputSimulation() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    ScenarioBuilder s = scenario("throughput");
    if (Boolean.getBoolean("k6bridge.attach")) {
      s = s.exec(K6Bridge.attach());
    }
    setUp(s.forever().on(http("ok").get(base + "/ok")).injectClosed(constantConcurrentUsers(20).during(10)))
        .maxDuration(10);
  }

  @Override
  public void after() {
    server.stop(0);
  }
}
