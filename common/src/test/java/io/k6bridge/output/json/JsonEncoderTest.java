package io.k6bridge.output.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEncoderTest {
  private static final long T1 = 1614173830L * 1_000_000_000L; // 2021-02-24T13:37:10Z
  private final MetricRegistry metrics = new MetricRegistry();
  private final SeriesRegistry series = new SeriesRegistry();
  private final Metric m1 = metrics.register("my_metric1", MetricType.GAUGE, ValueType.DEFAULT);
  private final Metric m2 = metrics.register("my_metric2", MetricType.COUNTER, ValueType.DATA);
  private final DropCounter unencodable = new DropCounter("nan");
  private final JsonEncoder encoder =
      new JsonEncoder(
          new GoTime(ZoneOffset.UTC),
          Map.of("my_metric1", List.of("\"rate<0.01\"", "\"p(99)<250\"")),
          Map.of("my_metric1", List.of("a:1,b:2")),
          unencodable);

  private static String text(TextBuffer b) {
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }

  /**
   * k6's json_test.go expectations (minus metadata, which k6bridge samples do not carry), in the
   * key order k6's structs actually produce.
   */
  @Test
  void writesK6sGoldenLines() {
    TextBuffer out = new TextBuffer(64);
    TagSet conn = TagSet.of(Map.of("key", "val"));
    encoder.encode(out, series.get(m1, TagSet.of(Map.of("tag1", "val1"))), T1, 1);
    encoder.encode(out, series.get(m1, TagSet.of(Map.of("tag2", "val2"))), T1, 2);
    encoder.encode(out, series.get(m2, conn), T1 + 10_000_000_000L, 3);
    encoder.encode(out, series.get(m1, conn), T1 + 10_000_000_000L, 4);
    encoder.encode(
        out,
        series.get(m2, TagSet.of(Map.of("tag3", "val3", "tag4", "val4"))),
        T1 + 20_000_000_000L,
        5);
    assertEquals(
        "{\"type\":\"Metric\",\"data\":{\"name\":\"my_metric1\",\"type\":\"gauge\",\"contains\":\"default\",\"thresholds\":[\"rate<0.01\",\"p(99)<250\"],\"submetrics\":[{\"name\":\"my_metric1{a:1,b:2}\",\"suffix\":\"a:1,b:2\",\"tags\":{\"a\":\"1\",\"b\":\"2\"}}]},\"metric\":\"my_metric1\"}\n"
            + "{\"metric\":\"my_metric1\",\"type\":\"Point\",\"data\":{\"time\":\"2021-02-24T13:37:10Z\",\"value\":1,\"tags\":{\"tag1\":\"val1\"}}}\n"
            + "{\"metric\":\"my_metric1\",\"type\":\"Point\",\"data\":{\"time\":\"2021-02-24T13:37:10Z\",\"value\":2,\"tags\":{\"tag2\":\"val2\"}}}\n"
            + "{\"type\":\"Metric\",\"data\":{\"name\":\"my_metric2\",\"type\":\"counter\",\"contains\":\"data\",\"thresholds\":[],\"submetrics\":null},\"metric\":\"my_metric2\"}\n"
            + "{\"metric\":\"my_metric2\",\"type\":\"Point\",\"data\":{\"time\":\"2021-02-24T13:37:20Z\",\"value\":3,\"tags\":{\"key\":\"val\"}}}\n"
            + "{\"metric\":\"my_metric1\",\"type\":\"Point\",\"data\":{\"time\":\"2021-02-24T13:37:20Z\",\"value\":4,\"tags\":{\"key\":\"val\"}}}\n"
            + "{\"metric\":\"my_metric2\",\"type\":\"Point\",\"data\":{\"time\":\"2021-02-24T13:37:30Z\",\"value\":5,\"tags\":{\"tag3\":\"val3\",\"tag4\":\"val4\"}}}\n",
        text(out));
  }

  @Test
  void metricRecordOnlyOnceAcrossFlushes() {
    TextBuffer first = new TextBuffer(64);
    encoder.encode(first, series.get(m2, TagSet.EMPTY), T1, 1);
    TextBuffer second = new TextBuffer(64);
    encoder.encode(second, series.get(m2, TagSet.of(Map.of("a", "b"))), T1, 0.5);
    encoder.encode(second, series.get(m2, TagSet.EMPTY), T1, 2);
    assertEquals(2, text(first).split("\n").length);
    assertEquals(
        "{\"metric\":\"my_metric2\",\"type\":\"Point\",\"data\":{\"time\":\"2021-02-24T13:37:10Z\",\"value\":0.5,\"tags\":{\"a\":\"b\"}}}\n"
            + "{\"metric\":\"my_metric2\",\"type\":\"Point\",\"data\":{\"time\":\"2021-02-24T13:37:10Z\",\"value\":2,\"tags\":{}}}\n",
        text(second));
  }

  @Test
  void escapesStringsAsGoDoesWithoutHtmlEscaping() {
    TextBuffer out = new TextBuffer(64);
    JsonEncoder.appendString(
        out, "<a href=\"x\">&amp;</a>\\ \b\f\n\r\t\u0001\u001f\u007f é€😀\u2028\u2029\ud800");
    assertEquals(
        "\"<a href=\\\"x\\\">&amp;</a>\\\\ \\b\\f\\n\\r\\t\\u0001\\u001f\u007f é€😀\\u2028\\u2029\\ufffd\"",
        text(out));
  }

  @Test
  void dropsAndCountsValuesJsonCannotHold() {
    TextBuffer out = new TextBuffer(64);
    encoder.encode(out, series.get(m2, TagSet.EMPTY), T1, Double.NaN);
    encoder.encode(out, series.get(m2, TagSet.EMPTY), T1, Double.NEGATIVE_INFINITY);
    encoder.encode(out, series.get(m2, TagSet.EMPTY), T1, 7);
    assertEquals(2, unencodable.count());
    String[] lines = text(out).split("\n");
    assertEquals(2, lines.length); // the Metric record is still written, as k6 does
    assertEquals(true, lines[1].contains("\"value\":7,"));
  }
}
