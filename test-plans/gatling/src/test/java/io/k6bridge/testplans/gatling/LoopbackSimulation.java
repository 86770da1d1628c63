package io.k6bridge.testplans.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import com.sun.net.httpserver.HttpServer;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.k6bridge.gatling.K6Bridge;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The reconciliation run: two scenarios under open injection profiles against a loopback server
 * this simulation starts on 127.0.0.1:0 and stops in {@link #after()}. It covers an OK request,
 * nested groups, a 404 that Gatling's default status check makes KO, a 200 that fails a body check,
 * a refused connection and a request that crashes before it is sent (an EL attribute that does not
 * exist). About 4 seconds of load.
 */
abstract class LoopbackSimulation extends Simulation {
  private final HttpServer server;

  /**
   * @param attach whether the scenario carries {@code K6Bridge.attach()} (else: the javaagent)
   */
  LoopbackSimulation(boolean attach) {
    server = startServer();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String refused = "http://127.0.0.1:" + closedPort();

    ChainBuilder shop =
        group("shop")
            .on(
                exec(http("home").get(base + "/ok"))
                    .pause(Duration.ofMillis(100))
                    .group("cart")
                    .on(
                        exec(http("missing").get(base + "/missing"))
                            .exec(
                                http("body")
                                    .get(base + "/text")
                                    .check(bodyString().is("expected")))));
    ChainBuilder api =
        exec(http("refused").get(refused + "/"))
            .exec(http("crash").get(base + "/#{noSuchAttribute}"))
            .exec(http("ok").get(base + "/ok"));

    ScenarioBuilder browse = scenario("browse");
    ScenarioBuilder calls = scenario("api");
    setUp(
        (attach ? browse.exec(K6Bridge.attach()) : browse)
            .exec(shop)
            .injectOpen(rampUsers(10).during(2)),
        calls.exec(api).injectOpen(constantUsersPerSec(5).during(2)));
  }

  @Override
  public void after() {
    server.stop(0);
  }

  static HttpServer startServer() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
      s.createContext("/ok", ex -> respond(ex, 200, "ok"));
      s.createContext("/text", ex -> respond(ex, 200, "actual"));
      s.createContext("/", ex -> respond(ex, 404, "not found"));
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A port nobody listens on: bound, then released (a refused connection needs exactly that). */
  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
