package io.k6bridge.jmeter;

import static io.k6bridge.jmeter.JMeterFixture.http;
import static io.k6bridge.jmeter.JMeterFixture.of;
import static io.k6bridge.jmeter.JMeterFixture.run;
import static io.k6bridge.jmeter.JMeterFixture.sample;
import static io.k6bridge.jmeter.JMeterFixture.transportError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.k6bridge.jmeter.CapturingOutputFactory.Captured;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpMappingTest {
  private static final long START = 1_700_000_000_000L;

  @BeforeAll
  static void jmeter() {
    JMeterFixture.init();
  }

  @BeforeEach
  void plainThread() {
    JMeterFixture.thread(JMeterFixture.threadGroup("users", 1));
  }

  private static Map<String, String> tags(String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void okRequestEmitsEveryHttpMetricWithK6Tags() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture", "K6_TAGS", "testid=run-1"),
            () ->
                sample(
                    http("home", "GET", "http://127.0.0.1:8080/a?b=1", "200", START, 50, 5, 30)));

    Map<String, String> expected =
        tags(
            "expected_response",
            "true",
            "group",
            "",
            "method",
            "GET",
            "name",
            "home",
            "proto",
            "HTTP/1.1",
            "scenario",
            "users",
            "status",
            "200",
            "testid",
            "run-1",
            "url",
            "http://127.0.0.1:8080/a?b=1");
    Map<String, Double> values = new TreeMap<>();
    for (Captured c : out) {
      if (c.metric.startsWith("http_req")) {
        assertEquals(expected, c.tags, c.metric);
        assertEquals((START + 50) * 1_000_000L, c.timeNanos, c.metric);
      }
      values.put(c.metric, c.value);
    }
    assertEquals(1, values.get("http_reqs"));
    assertEquals(45, values.get("http_req_duration"));
    assertEquals(5, values.get("http_req_connecting"));
    assertEquals(25, values.get("http_req_waiting"));
    assertEquals(20, values.get("http_req_receiving"));
    assertEquals(0, values.get("http_req_failed"));
    assertEquals(100, values.get("data_sent"));
    assertEquals(1000, values.get("data_received"));
    assertEquals(
        tags("group", "", "scenario", "users", "testid", "run-1"),
        of(out, "data_sent").get(0).tags);
    assertFalse(values.containsKey("http_req_blocked"));
    assertFalse(values.containsKey("http_req_sending"));
    assertFalse(values.containsKey("http_req_tls_handshaking"));
  }

  @Test
  void httpErrorsFailWithErrorCodeButNoErrorTag() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              sample(http("missing", "GET", "http://h/404", "404", START, 10, 0, 8));
              sample(http("broken", "POST", "http://h/500", "500", START, 10, 0, 8));
              sample(http("moved", "GET", "http://h/302", "302", START, 10, 0, 8));
            });
    List<Captured> failed = of(out, "http_req_failed");
    assertEquals(3, failed.size());
    assertEquals(1, failed.get(0).value);
    assertEquals("1404", failed.get(0).tags.get("error_code"));
    assertEquals("false", failed.get(0).tags.get("expected_response"));
    assertEquals(null, failed.get(0).tags.get("error"));
    assertEquals(1, failed.get(1).value);
    assertEquals("1500", failed.get(1).tags.get("error_code"));
    assertEquals("POST", failed.get(1).tags.get("method"));
    assertEquals(0, failed.get(2).value);
    assertEquals(null, failed.get(2).tags.get("error_code"));
    assertEquals("true", failed.get(2).tags.get("expected_response"));
  }

  @Test
  void transportErrorsGetStatusZeroAndK6NetworkCodes() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> {
              sample(
                  transportError(
                      "refused",
                      "org.apache.http.conn.HttpHostConnectException",
                      "Connect to 127.0.0.1:1 [/127.0.0.1] failed: Connection refused",
                      START,
                      3));
              sample(
                  transportError("dns", "java.net.UnknownHostException", "nope.invalid", START, 3));
              sample(
                  transportError(
                      "read", "java.net.SocketTimeoutException", "Read timed out", START, 3));
              sample(
                  transportError(
                      "dial", "java.net.SocketTimeoutException", "connect timed out", START, 3));
              sample(
                  transportError(
                      "eof",
                      "org.apache.http.NoHttpResponseException",
                      "failed to respond",
                      START,
                      3));
            });
    List<Captured> reqs = of(out, "http_reqs");
    assertEquals(5, reqs.size());
    String[][] expected = {
      {"1212", "dial: connection refused"},
      {"1101", "lookup: no such host"},
      {"1050", "request timeout"},
      {"1211", "dial: i/o timeout"},
      {"1000", "NoHttpResponseException"},
    };
    for (int i = 0; i < expected.length; i++) {
      Map<String, String> t = reqs.get(i).tags;
      assertEquals("0", t.get("status"), t.toString());
      assertEquals(expected[i][0], t.get("error_code"), t.toString());
      assertEquals(expected[i][1], t.get("error"), t.toString());
      assertEquals("false", t.get("expected_response"));
      assertFalse(t.containsKey("proto"), "no response, no protocol: " + t);
    }
    for (Captured c : of(out, "http_req_failed")) {
      assertEquals(1, c.value);
    }
    // No first byte: connecting covers the attempt, nothing waited or received.
    assertEquals(3, of(out, "http_req_connecting").get(0).value);
    assertEquals(0, of(out, "http_req_waiting").get(0).value);
    assertEquals(0, of(out, "http_req_receiving").get(0).value);
    assertEquals(0, of(out, "http_req_duration").get(0).value);
    for (Captured c : of(out, "data_received")) {
      assertEquals(0, c.value, "nothing came off the wire");
    }
  }

  @Test
  void subMillisecondFirstByteKeepsPhasesAddingUp() throws Exception {
    // JMeter rounds to whole ms: a 0 ms latency is a real response whose first byte came fast.
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> sample(http("fast", "GET", "http://h/fast", "200", START, 2, 0, 0)));
    assertEquals(2, of(out, "http_req_duration").get(0).value);
    assertEquals(0, of(out, "http_req_waiting").get(0).value);
    assertEquals(2, of(out, "http_req_receiving").get(0).value);
  }

  @Test
  void redirectHopsAreRequestsAndTheirHolderIsNot() throws Exception {
    HTTPSampleResult holder = http("login", "GET", "http://h/final", "200", START, 30, 0, 20);
    holder.addRawSubResult(http("login-0", "GET", "http://h/start", "302", START, 10, 2, 8));
    holder.addRawSubResult(http("login-1", "GET", "http://h/final", "200", START + 10, 20, 0, 15));
    List<Captured> out = run(Map.of("K6_OUT", "capture"), () -> sample(holder));
    List<Captured> reqs = of(out, "http_reqs");
    assertEquals(2, reqs.size());
    assertEquals("login-0", reqs.get(0).tags.get("name"));
    assertEquals("302", reqs.get(0).tags.get("status"));
    assertEquals("login-1", reqs.get(1).tags.get("name"));
    assertEquals(2, of(out, "data_received").size());
  }

  @Test
  void systemTagsLimitWhatIsAttached() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture", "K6_SYSTEM_TAGS", "status,method"),
            () -> sample(http("home", "GET", "http://h/", "200", START, 5, 0, 4)));
    assertEquals(tags("method", "GET", "status", "200"), of(out, "http_reqs").get(0).tags);
  }

  @Test
  void passwordsInUrlsAreMasked() throws Exception {
    List<Captured> out =
        run(
            Map.of("K6_OUT", "capture"),
            () -> sample(http("home", "GET", "http://me:secret@h:81/p", "200", START, 5, 0, 4)));
    assertEquals("http://me:****@h:81/p", of(out, "http_reqs").get(0).tags.get("url"));
  }
}
