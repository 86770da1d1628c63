package io.k6bridge.itprometheus;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Simulation;
import io.k6bridge.gatling.K6Bridge;
import java.time.Duration;

/**
 * The Gatling load of the remote write test, against a {@link CountingTarget} on 127.0.0.1:{@code
 * -Dtarget.port} for {@code -Dduration} seconds: an OK request with a check, and one the target
 * answers 500 (KO, expected_response false), at 10 users a second.
 */
public class RemoteWriteSimulation extends Simulation {
  public RemoteWriteSimulation() {
    String base = "http://127.0.0.1:" + Integer.getInteger("target.port");
    int seconds = Integer.getInteger("duration");
    setUp(
        scenario("remote-write")
            .exec(K6Bridge.attach())
            .exec(http("home").get(base + "/ok").check(bodyString().is("ok\n")))
            .pause(Duration.ofMillis(50))
            .exec(http("broken").get(base + "/error"))
            .injectOpen(constantUsersPerSec(10).during(seconds)));
  }
}
