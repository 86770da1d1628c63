package io.k6bridge.output.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.k6bridge.secret.Secrets;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushClientTest {
  static final PushClient.Format FORMAT = new PushClient.Format("application/x-protobuf", Map.of());

  /** An endpoint at {@code url} as the output's URL key gives it, with a bearer token or null. */
  static Endpoint endpoint(String url, String bearer) {
    return Endpoint.create(
        "http://localhost:9090/api/v1/write",
        "URL",
        url,
        "test",
        null,
        null,
        bearer,
        Map.of(),
        ClientTls.create(false, "1.3", null, "CERT", null, "KEY"));
  }

  private static PushClient client(String url) {
    return new PushClient(endpoint(url, null), FORMAT);
  }

  @Test
  void anHttpEndpointGetsACleartextOnlyClient() {
    // A client that can speak TLS sets it up when built, and that alone measurably slowed
    // JMeter's sampler threads for the whole run (see PushClient's constructor).
    try (PushClient c = client("http://127.0.0.1:9090/api/v1/write")) {
      assertFalse(c.speaksTls());
    }
  }

  @Test
  void anHttpsEndpointGetsTls() {
    try (PushClient c = client("https://prometheus.example:9090/api/v1/write")) {
      assertTrue(c.speaksTls());
    }
  }

  /** A receiver (a proxy, a gateway) that answers 400 echoing our request headers, with junk. */
  private static HttpServer echoingReceiver(int padding) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        x -> {
          x.getRequestBody().readAllBytes();
          StringBuilder b = new StringBuilder("bad request\n\u001b[31mINFO forged line\r\n");
          x.getRequestHeaders()
              .forEach((k, v) -> b.append(k).append(": ").append(v.get(0)).append('\n'));
          b.append("x".repeat(padding));
          byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(400, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
    return server;
  }

  @Test
  void aReceiversEchoOfCredentialsIsMaskedCutAndFreeOfControlCharacters() throws Exception {
    HttpServer server = echoingReceiver(1_000_000);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
    ClientTls tls = ClientTls.create(false, "1.3", null, "CERT", null, "KEY");
    Secrets secrets = new Secrets();
    try (PushClient basic =
        new PushClient(
            Endpoint.create(
                "http://localhost:9090/api/v1/write",
                "URL",
                url,
                "test",
                "loadtester",
                "s3cr3t-pw",
                null,
                Map.of("X-Scope-OrgID", "tenant-key-42"),
                tls),
            FORMAT,
            secrets)) {
      String message = basic.send(new byte[] {1}, Duration.ofSeconds(5)).message;
      String pair = Base64.getEncoder().encodeToString("loadtester:s3cr3t-pw".getBytes());
      for (String form : List.of(pair, "s3cr3t-pw", "tenant-key-42")) {
        assertFalse(message.contains(form), form + " in: " + message);
      }
      assertTrue(message.contains("Authorization: " + Secrets.MASK), message);
      assertFalse(
          message.contains("\n") || message.contains("\r") || message.contains("\u001b"), message);
      assertTrue(message.contains("\\x1b[31mINFO forged line"), message);
      assertTrue(message.length() < 600, "cut at 512 characters: " + message.length());
      assertFalse(
          secrets.mask("token s3cr3t-pw").contains("s3cr3t-pw"), "the run's secrets learn it");
    }
    try (PushClient bearer = new PushClient(endpoint(url, "tok-0123456789"), FORMAT)) {
      String message = bearer.send(new byte[] {1}, Duration.ofSeconds(5)).message;
      assertFalse(message.contains("tok-0123456789"), message);
    } finally {
      server.stop(0);
    }
  }
}
