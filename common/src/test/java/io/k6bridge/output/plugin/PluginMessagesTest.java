package io.k6bridge.output.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.output.plugin.proto.AddSamplesRequest;
import io.k6bridge.output.plugin.proto.Metric;
import io.k6bridge.output.plugin.proto.MetricType;
import io.k6bridge.output.plugin.proto.ValueType;
import io.k6bridge.registry.SeriesRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics and samples in the protocol's encoding, as k6's host sends them. */
class PluginMessagesTest {
  private final SeriesRegistry registry = new SeriesRegistry();

  private Series series(io.k6bridge.metrics.Metric m, Map<String, String> tags) {
    return registry.get(m, TagSet.of(tags));
  }

  @Test
  void eachMetricIsAnnouncedOnceWithItsThresholdsAndSubmetrics() throws Exception {
    PluginMessages messages = new PluginMessages();
    messages.thresholds(
        List.of(
            new ThresholdDefinition("http_req_duration", "", "p(95)<500", false, null),
            new ThresholdDefinition(
                "http_req_duration", "status:200,name:'a b'", "p(99)<9", false, null)),
        Map.of("http_req_duration", List.of("expected_response:true")));
    Series d = series(BuiltinMetrics.HTTP_REQ_DURATION, Map.of("status", "200"));
    Series r = series(BuiltinMetrics.HTTP_REQ_FAILED, Map.of());
    ListBatch batch = new ListBatch().add(d, 1_500_000_999_999L, 12.5).add(r, 0, 1).add(d, 0, 1);
    List<Metric> first = messages.newMetrics(batch).getMetricsList();
    assertEquals(2, first.size());
    Metric duration = first.get(0);
    assertEquals(MetricType.TREND, duration.getType());
    assertEquals(ValueType.TIME, duration.getContains());
    assertEquals(List.of("p(95)<500"), duration.getThresholdsList());
    assertEquals(2, duration.getSubmetricsCount());
    assertEquals("http_req_duration{status:200,name:'a b'}", duration.getSubmetrics(0).getName());
    assertEquals(Map.of("status", "200", "name", "a b"), duration.getSubmetrics(0).getTagsMap());
    assertEquals(
        List.of("p(95)<500"),
        duration.getSubmetrics(0).getMetric().getThresholdsList(),
        "the parent's thresholds, as k6's host sends them");
    assertEquals("expected_response:true", duration.getSubmetrics(1).getSuffix());
    assertEquals(MetricType.RATE, first.get(1).getType());
    assertEquals(0, messages.newMetrics(batch).getMetricsCount(), "announced once");

    AddSamplesRequest samples =
        AddSamplesRequest.parseFrom(messages.samples(batch).get(0).request());
    assertEquals(3, samples.getSamplesCount());
    assertEquals("http_req_duration", samples.getSamples(0).getMetric());
    assertEquals(1_500_000L, samples.getSamples(0).getTime(), "ms, truncated");
    assertEquals(12.5, samples.getSamples(0).getValue());
    assertEquals(Map.of("status", "200"), samples.getSamples(0).getTagsMap());
  }

  @Test
  void samplesAreSplitBelowTheServersMessageLimitAndAnEmptyPeriodStillSendsOne() throws Exception {
    PluginMessages messages = new PluginMessages();
    Series s = series(BuiltinMetrics.HTTP_REQS, Map.of("url", "x".repeat(200)));
    ListBatch batch = new ListBatch();
    for (int i = 0; i < 40_000; i++) {
      batch.add(s, i * 1_000_000L, 1);
    }
    List<PluginMessages.Chunk> chunks = messages.samples(batch);
    assertTrue(chunks.size() >= 3, chunks.size() + " requests");
    int total = 0;
    long lastTime = -1;
    for (PluginMessages.Chunk c : chunks) {
      assertTrue(c.request().length <= PluginMessages.MAX_REQUEST_BYTES, c.request().length + "");
      AddSamplesRequest r = AddSamplesRequest.parseFrom(c.request());
      assertEquals(c.samples(), r.getSamplesCount());
      assertEquals(Map.of("url", "x".repeat(200)), r.getSamples(0).getTagsMap());
      lastTime = r.getSamples(r.getSamplesCount() - 1).getTime();
      total += r.getSamplesCount();
    }
    assertEquals(40_000, total);
    assertEquals(39_999, lastTime, "in order, none lost");
    List<PluginMessages.Chunk> empty = messages.samples(new ListBatch());
    assertEquals(1, empty.size());
    assertEquals(0, empty.get(0).request().length, "an empty period still sends one request");
  }
}
