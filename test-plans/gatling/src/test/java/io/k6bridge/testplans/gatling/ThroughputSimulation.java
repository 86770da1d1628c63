package io.k6bridge.testplans.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import com.sun.net.httpserver.HttpServer;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.k6bridge.gatling.K6Bridge;

/**
 * The throughput comparison: {@code -Dthroughput.users} (default 20) closed-model users requesting
 * {@code -Dthroughput.url} (default: the loopback server this simulation starts) as fast as it
 * answers for {@code -Dthroughput.seconds} (default 10), with the bridge ({@code
 * -Dk6bridge.attach=true}) or without. Not part of the build's runs; {@code throughput.sh} runs it
 * against nginx, see benchmarks/GATLING.md.
 */
public final class ThroughputSimulation extends Simulation {
  private final String url = System.getProperty("throughput.url");
  private final HttpServer server = url == null ? LoopbackSimulation.startServer() : null;

  public ThroughputSimulation() {
    String target = url != null ? url : "http://127.0.0.1:" + server.getAddress().getPort() + "/ok";
    int seconds = Integer.getInteger("throughput.seconds", 10);
    ScenarioBuilder s = scenario("throughput");
    if (Boolean.getBoolean("k6bridge.attach")) {
      s = s.exec(K6Bridge.attach());
    }
    setUp(
            s.forever()
                .on(http("ok").get(target))
                .injectClosed(
                    constantConcurrentUsers(Integer.getInteger("throughput.users", 20))
                        .during(seconds)))
        .maxDuration(seconds);
  }

  @Override
  public void after() {
    if (server != null) {
      server.stop(0);
    }
  }
}
