package io.k6bridge.output.prometheusrw;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.k6bridge.output.prometheusrw.proto.Label;
import io.k6bridge.output.prometheusrw.proto.TimeSeries;
import io.k6bridge.output.prometheusrw.proto.WriteRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.xerial.snappy.Snappy;

/**
 * A remote write receiver for tests: decodes every request with the reference snappy implementation
 * and protobuf, and answers with scripted statuses (then 200). A status of -1 stalls: the answer
 * comes only after {@code stallMillis}.
 */
final class FakeReceiver implements AutoCloseable {
  private final HttpServer server;
  private final Deque<Integer> script = new ArrayDeque<>();
  private final List<WriteRequest> accepted = new ArrayList<>();
  private final List<Map<String, String>> headers = new ArrayList<>();
  private int requests;
  volatile long stallMillis = 7000;

  FakeReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-receiver");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/api/v1/write", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
  }

  /** The next requests get these statuses, in order; later ones get 200. */
  synchronized FakeReceiver answer(int... statuses) {
    for (int s : statuses) {
      script.add(s);
    }
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    int status;
    synchronized (this) {
      requests++;
      Map<String, String> h = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
      headers.add(h);
      status = script.isEmpty() ? 200 : script.poll();
    }
    if (status == -1) {
      try {
        Thread.sleep(stallMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      status = 503;
    }
    if (status == 200) {
      WriteRequest w = WriteRequest.parseFrom(Snappy.uncompress(body));
      synchronized (this) {
        accepted.add(w);
      }
    }
    byte[] answer = (status == 200 ? "" : "fake says " + status).getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(answer);
    }
  }

  synchronized int requests() {
    return requests;
  }

  synchronized List<WriteRequest> accepted() {
    return new ArrayList<>(accepted);
  }

  synchronized List<Map<String, String>> headers() {
    return new ArrayList<>(headers);
  }

  /** Every accepted time series, in arrival order. */
  synchronized List<TimeSeries> series() {
    return accepted.stream()
        .flatMap(w -> w.getTimeseriesList().stream())
        .collect(Collectors.toList());
  }

  /** The last accepted float value of the series whose labels render as {@code key}. */
  synchronized Map<String, Double> lastValues() {
    Map<String, Double> last = new LinkedHashMap<>();
    for (TimeSeries ts : series()) {
      if (ts.getSamplesCount() > 0) {
        last.put(key(ts.getLabelsList()), ts.getSamples(ts.getSamplesCount() - 1).getValue());
      }
    }
    return last;
  }

  /** Labels as name{a="b",...} without the injector label, for readable assertions. */
  static String key(List<Label> labels) {
    String name = "";
    List<String> rest = new ArrayList<>();
    for (Label l : labels) {
      if (l.getName().equals("__name__")) {
        name = l.getValue();
      } else if (!l.getName().equals("injector")) {
        rest.add(l.getName() + "=\"" + l.getValue() + "\"");
      }
    }
    return name + "{" + String.join(",", rest) + "}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
