package io.k6bridge.output.plugin;

import com.google.protobuf.CodedOutputStream;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.plugin.proto.AddMetricsRequest;
import io.k6bridge.output.plugin.proto.AddSamplesRequest;
import io.k6bridge.output.plugin.proto.Metric;
import io.k6bridge.output.plugin.proto.MetricType;
import io.k6bridge.output.plugin.proto.Sample;
import io.k6bridge.output.plugin.proto.Submetric;
import io.k6bridge.output.plugin.proto.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flush's samples as k6's plug-in host sends them (xk6-output-plugin's extension/proto.go): each
 * metric once, before its first samples, with its thresholds' sources and its submetrics; samples
 * with their metric's name, the time in ms, the value as k6 keeps it (TIME in ms, DATA in bytes,
 * RATE 0 or 1) and the tags. Unlike k6, samples are split into requests of at most {@value
 * #MAX_REQUEST_BYTES} bytes: every SDK's server refuses messages over gRPC's default 4 MiB, so k6
 * loses a busy second's batch. The flusher thread's only.
 */
final class PluginMessages {
  static final int MAX_REQUEST_BYTES = 3_500_000;

  private final Set<String> announced = new HashSet<>();
  private final Map<Series, Sample> templates = new IdentityHashMap<>();
  private Map<String, List<String>> thresholds = Map.of();
  private Map<String, List<String>> submetrics = Map.of();

  /**
   * @param builtinSubmetrics the submetrics k6 itself defines, by metric
   */
  void thresholds(
      List<ThresholdDefinition> definitions, Map<String, List<String>> builtinSubmetrics) {
    Map<String, List<String>> sources = new LinkedHashMap<>();
    Map<String, List<String>> subs = new LinkedHashMap<>();
    for (ThresholdDefinition d : definitions) {
      if (d.submetric().isEmpty()) {
        sources.computeIfAbsent(d.metric(), k -> new ArrayList<>()).add(d.source());
      } else {
        List<String> s = subs.computeIfAbsent(d.metric(), k -> new ArrayList<>());
        if (!s.contains(d.submetric())) {
          s.add(d.submetric());
        }
      }
    }
    builtinSubmetrics.forEach(
        (m, list) ->
            list.forEach(
                sub -> {
                  List<String> s = subs.computeIfAbsent(m, k -> new ArrayList<>());
                  if (!s.contains(sub)) {
                    s.add(sub);
                  }
                }));
    thresholds = sources;
    submetrics = subs;
  }

  /** The metrics of {@code batch} not announced before, now taken as announced (as k6 does). */
  AddMetricsRequest newMetrics(SampleBatch batch) {
    AddMetricsRequest.Builder out = AddMetricsRequest.newBuilder();
    for (int i = 0, n = batch.size(); i < n; i++) {
      io.k6bridge.metrics.Metric m = batch.series(i).metric();
      if (announced.add(m.name())) {
        out.addMetrics(metric(m));
      }
    }
    return out.build();
  }

  /** The samples of {@code batch}, in requests of at most {@value #MAX_REQUEST_BYTES} bytes. */
  List<AddSamplesRequest> samples(SampleBatch batch) {
    List<AddSamplesRequest> out = new ArrayList<>();
    AddSamplesRequest.Builder request = AddSamplesRequest.newBuilder();
    int bytes = 0;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Sample s =
          template(batch.series(i)).toBuilder()
              .setTime(Math.floorDiv(batch.timeNanos(i), 1_000_000L))
              .setValue(batch.value(i))
              .build();
      int size = CodedOutputStream.computeMessageSize(1, s);
      if (bytes + size > MAX_REQUEST_BYTES && bytes > 0) {
        out.add(request.build());
        request = AddSamplesRequest.newBuilder();
        bytes = 0;
      }
      request.addSamples(s);
      bytes += size;
    }
    out.add(request.build());
    return out;
  }

  private Sample template(Series series) {
    Sample s = templates.get(series);
    if (s == null) {
      s =
          Sample.newBuilder()
              .setMetric(series.metric().name())
              .putAllTags(series.tags().asMap())
              .build();
      templates.put(series, s);
    }
    return s;
  }

  private Metric metric(io.k6bridge.metrics.Metric m) {
    List<String> sources = thresholds.getOrDefault(m.name(), List.of());
    Metric.Builder b = base(m, m.name(), sources);
    for (String selector : submetrics.getOrDefault(m.name(), List.of())) {
      String name = m.name() + "{" + selector + "}";
      // As k6's host: the submetric's Metric carries the parent's thresholds.
      b.addSubmetrics(
          Submetric.newBuilder()
              .setName(name)
              .setSuffix(selector)
              .putAllTags(tags(selector))
              .setMetric(base(m, name, sources)));
    }
    return b.build();
  }

  private static Metric.Builder base(
      io.k6bridge.metrics.Metric m, String name, List<String> sources) {
    return Metric.newBuilder()
        .setName(name)
        .setType(
            switch (m.type()) {
              case COUNTER -> MetricType.COUNTER;
              case GAUGE -> MetricType.GAUGE;
              case TREND -> MetricType.TREND;
              case RATE -> MetricType.RATE;
            })
        .setContains(
            switch (m.contains()) {
              case DEFAULT -> ValueType.DEFAULT;
              case TIME -> ValueType.TIME;
              case DATA -> ValueType.DATA;
            })
        .addAllThresholds(sources);
  }

  /** {@code key:value,key:value}, quotes trimmed; a key without a value gets "". */
  static Map<String, String> tags(String selector) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String part : selector.split(",")) {
      int colon = part.indexOf(':');
      String key = (colon < 0 ? part : part.substring(0, colon)).trim();
      String value = colon < 0 ? "" : part.substring(colon + 1).trim();
      tags.put(unquote(key), unquote(value));
    }
    return tags;
  }

  private static String unquote(String s) {
    return s.replaceAll("^[\"'`]|[\"'`]$", "");
  }
}
