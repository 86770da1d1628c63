package io.k6bridge.output.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.influxdb.InfluxDbConfig.FieldKind;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.registry.SeriesRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LineProtocolTest {
  private static final long T = 1_700_000_000_123_000_000L;
  private final SeriesRegistry registry = new SeriesRegistry();
  private final TextBuffer out = new TextBuffer(256);

  private LineProtocol protocol(String precision) {
    return new LineProtocol(FieldKind.parseList("vu:int,iter,url"), "injector", "inj-1", precision);
  }

  private Series series(Metric m, String... tags) {
    TagSet.Builder b = TagSet.builder();
    for (int i = 0; i < tags.length; i += 2) {
      b.put(tags[i], tags[i + 1]);
    }
    return registry.get(m, b.build());
  }

  private String lines() {
    String s = new String(out.toByteArray(), StandardCharsets.UTF_8);
    out.reset();
    return s;
  }

  @Test
  void aSampleIsK6sPointTagsSortedEmptyOnesLeftOutSomeTagsAsFields() {
    LineProtocol p = protocol("ns");
    Series s =
        series(
            BuiltinMetrics.HTTP_REQ_DURATION,
            "name",
            "home",
            "status",
            "200",
            "group",
            "",
            "url",
            "http://shop/a b?x=\"1\"",
            "vu",
            "7",
            "method",
            "GET");
    p.append(out, s, T, 12.5);
    assertEquals(
        "http_req_duration,injector=inj-1,method=GET,name=home,status=200"
            + " url=\"http://shop/a b?x=\\\"1\\\"\",value=12.5,vu=7i "
            + T
            + "\n",
        lines());
  }

  @Test
  void namesAndValuesAreEscapedAsLineProtocolWantsThem() {
    LineProtocol p = protocol("ns");
    Metric custom = new Metric("my_metric", MetricType.COUNTER, ValueType.DEFAULT);
    p.append(out, series(custom, "a=b", "c,d e", "injector", "engine:1099"), T, 1e21);
    assertEquals(
        "my_metric,a\\=b=c\\,d\\ e,injector=engine:1099 value=1000000000000000000000 " + T + "\n",
        lines(),
        "an injector tag the series has is kept");
    StringBuilder measurement = new StringBuilder();
    LineProtocol.escape(measurement, "a b,c=d", false);
    assertEquals("a\\ b\\,c=d", measurement.toString());
  }

  @Test
  void noTwoPointsOfOneSeriesShareATimeAndEachStaysInItsMillisecond() {
    LineProtocol p = protocol("ns");
    Series a = series(BuiltinMetrics.HTTP_REQS, "name", "home", "url", "http://shop/1");
    Series b = series(BuiltinMetrics.HTTP_REQS, "name", "home", "url", "http://shop/2");
    Series other = series(BuiltinMetrics.HTTP_REQS, "name", "cart");
    long ms = 1_000_000;
    p.append(out, a, T, 1);
    p.append(out, a, T, 1);
    p.append(out, b, T, 1); // another url is a field: the same InfluxDB series
    p.append(out, a, T + ms, 1);
    p.append(out, a, T - 5 * ms, 1); // late
    p.append(out, other, T, 1); // another series counts on its own
    List<Long> times =
        lines()
            .lines()
            .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
            .collect(Collectors.toList());
    assertEquals(List.of(T, T + 1, T + 2, T + ms + 3, T - 5 * ms + 4, T), times);
  }

  @Test
  void aMillisecondOrCoarserPrecisionHasNoRoomToSpreadAsInK6() {
    LineProtocol p = protocol("ms");
    Series a = series(BuiltinMetrics.HTTP_REQS, "name", "home");
    p.append(out, a, T, 1);
    p.append(out, a, T + 400_000, 1);
    assertEquals(
        "http_reqs,injector=inj-1,name=home value=1 1700000000123\n"
            + "http_reqs,injector=inj-1,name=home value=1 1700000000123\n",
        lines());
  }

  @Test
  void typedFieldsFallBackToTextAsK6DoesAndNonFiniteValuesAreNotWritten() {
    assertEquals("3i", LineProtocol.field(FieldKind.INT, "3"));
    assertEquals("\"x\"", LineProtocol.field(FieldKind.INT, "x"));
    assertEquals("0.25", LineProtocol.field(FieldKind.FLOAT, "0.25"));
    assertEquals("true", LineProtocol.field(FieldKind.BOOL, "true"));
    assertEquals("\"yes\"", LineProtocol.field(FieldKind.BOOL, "yes"));
    assertFalse(protocol("ns").append(out, series(BuiltinMetrics.VUS), T, Double.NaN));
    assertEquals("", lines());
    assertEquals(Map.of("a", FieldKind.STRING), FieldKind.parseList("a"));
  }
}
