package io.k6bridge.output.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.k6bridge.secret.Secrets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote write through a forward proxy on loopback that answers for the receiver it stands for: a
 * write arrives there only when it went through the proxy (the receiver's name does not resolve).
 */
class ProxiesTest {
  private static final PushClient.Format FORMAT = PushClientTest.FORMAT;

  private static final String RECEIVER = "http://prometheus.invalid:9090/api/v1/write";
  private HttpServer proxy;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startProxy() throws Exception {
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext(
        "/",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
          seen.add(exchange.getRequestURI() + " " + auth);
          exchange.getRequestBody().readAllBytes();
          if (exchange.getRequestURI().getUserInfo() == null
              && auth == null
              && exchange.getRequestURI().toString().contains("needs-auth")) {
            exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
            exchange.sendResponseHeaders(407, -1);
          } else {
            exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    proxy.start();
  }

  @AfterEach
  void stopProxy() {
    proxy.stop(0);
  }

  private String proxyAddress() {
    return "127.0.0.1:" + proxy.getAddress().getPort();
  }

  private static PushClient client(String url, Map<String, String> env, Secrets secrets) {
    return new PushClient(PushClientTest.endpoint(url, null), FORMAT, secrets, env);
  }

  private boolean delivered(String url, Map<String, String> env) {
    try (PushClient c = client(url, env, new Secrets())) {
      return c.send(new byte[] {1}, Duration.ofSeconds(5)).delivered;
    }
  }

  @Test
  void httpProxyAsK6ReadsItAndNoProxyIsHonoured() {
    assertTrue(delivered(RECEIVER, Map.of("HTTP_PROXY", "http://" + proxyAddress())));
    assertEquals(List.of(RECEIVER + " null"), seen);
    assertTrue(delivered(RECEIVER, Map.of("http_proxy", proxyAddress())), "lower case, no scheme");
    assertEquals(2, seen.size());
    for (String noProxy :
        List.of("prometheus.invalid", ".invalid", "invalid", "*", "x,prometheus.invalid:9090")) {
      assertFalse(
          delivered(RECEIVER, Map.of("HTTP_PROXY", proxyAddress(), "NO_PROXY", noProxy)), noProxy);
    }
    assertFalse(
        delivered(RECEIVER, Map.of("HTTPS_PROXY", proxyAddress())), "HTTPS_PROXY is for https");
    assertEquals(2, seen.size(), "direct, the receiver's name did not resolve: " + seen);
  }

  @Test
  void proxyCredentialsAreSentWhenAskedAndAreSecret() {
    Secrets secrets = new Secrets();
    String url = "http://prometheus.invalid:9090/needs-auth";
    try (PushClient c =
        client(url, Map.of("HTTP_PROXY", "http://k6:s3cr%40t@" + proxyAddress()), secrets)) {
      assertTrue(c.send(new byte[] {1}, Duration.ofSeconds(5)).delivered);
    }
    assertEquals(List.of(url + " null", url + " Basic azY6czNjckB0"), seen);
    assertEquals(
        "proxy <redacted> and <redacted>", secrets.mask("proxy s3cr@t and Basic azY6czNjckB0"));
  }

  @Test
  void withoutK6sVariablesTheJvmsProxyPropertiesApply() {
    System.setProperty("http.proxyHost", "127.0.0.1");
    System.setProperty("http.proxyPort", String.valueOf(proxy.getAddress().getPort()));
    try {
      assertTrue(delivered(RECEIVER, Map.of()));
      assertEquals(List.of(RECEIVER + " null"), seen);
    } finally {
      System.clearProperty("http.proxyHost");
      System.clearProperty("http.proxyPort");
    }
  }

  @Test
  void loopbackIsNeverProxiedAndNoProxyMatchesAsGoDoes() {
    assertTrue(Proxies.bypass("127.0.0.1", 9090, List.of()));
    assertTrue(Proxies.bypass("localhost", 9090, List.of()));
    assertTrue(Proxies.bypass("[::1]", 9090, List.of()));
    assertTrue(Proxies.bypass("10.1.2.3", 9090, List.of("10.0.0.0/8")));
    assertFalse(Proxies.bypass("11.1.2.3", 9090, List.of("10.0.0.0/8")));
    assertTrue(Proxies.bypass("127.5.5.5", 9090, List.of()));
    assertTrue(Proxies.bypass("[fd00::1]", 9090, List.of("fd00::/8")));
    // Names and malformed ranges never match a range, and are never looked up.
    assertFalse(Proxies.bypass("beef", 9090, List.of("10.0.0.0/8")));
    assertFalse(Proxies.bypass("10.1.2.3", 9090, List.of("10.0.0.0/99")));
    assertTrue(Proxies.bypass("a.example.com", 9090, List.of("example.com")));
    assertFalse(Proxies.bypass("example.com", 9090, List.of(".example.com")));
    assertFalse(Proxies.bypass("example.com", 9091, List.of("example.com:9090")));
    assertFalse(Proxies.bypass("notexample.com", 9090, List.of("example.com")));
  }
}
