package io.k6bridge.output.plugin;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.plugin.proto.AddMetricsRequest;
import io.k6bridge.output.plugin.proto.Metric;
import io.k6bridge.output.plugin.proto.MetricType;
import io.k6bridge.output.plugin.proto.Sample;
import io.k6bridge.output.plugin.proto.Submetric;
import io.k6bridge.output.plugin.proto.ValueType;
import java.io.IOException;
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
  private final Map<Series, byte[]> prefixes = new IdentityHashMap<>();
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
        addOnce(subs, d.metric(), d.submetric());
      }
    }
    builtinSubmetrics.forEach((m, selectors) -> selectors.forEach(sub -> addOnce(subs, m, sub)));
    thresholds = sources;
    submetrics = subs;
  }

  private static void addOnce(Map<String, List<String>> by, String metric, String selector) {
    List<String> s = by.computeIfAbsent(metric, k -> new ArrayList<>());
    if (!s.contains(selector)) {
      s.add(selector);
    }
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

  /** One AddSamplesRequest, encoded, and how many samples it holds. */
  record Chunk(byte[] request, int samples) {}

  /**
   * The samples of {@code batch}, as AddSamplesRequests of at most {@value #MAX_REQUEST_BYTES}
   * bytes each; one empty request for an empty batch. Encoded by hand: each series' name and tags
   * are encoded once and copied, then the time and value appended (a Sample's fields in any order
   * decode the same), which costs a fraction of building messages.
   */
  List<Chunk> samples(SampleBatch batch) {
    int n = batch.size();
    int[] sizes = new int[n];
    List<Chunk> out = new ArrayList<>();
    int from = 0;
    int bytes = 0;
    for (int i = 0; i < n; i++) {
      sizes[i] = prefix(batch.series(i)).length + 1 + varintSize(ms(batch, i)) + 1 + 8;
      int framed = 1 + CodedOutputStream.computeUInt32SizeNoTag(sizes[i]) + sizes[i];
      if (bytes + framed > MAX_REQUEST_BYTES && bytes > 0) {
        out.add(encode(batch, from, i, bytes, sizes));
        from = i;
        bytes = 0;
      }
      bytes += framed;
    }
    out.add(encode(batch, from, n, bytes, sizes));
    return out;
  }

  private Chunk encode(SampleBatch batch, int from, int to, int bytes, int[] sizes) {
    byte[] request = new byte[bytes];
    CodedOutputStream o = CodedOutputStream.newInstance(request);
    try {
      for (int i = from; i < to; i++) {
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(sizes[i]);
        o.writeRawBytes(prefix(batch.series(i)));
        o.writeInt64(2, ms(batch, i));
        o.writeDouble(3, batch.value(i));
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("sizes computed wrong", e);
    }
    return new Chunk(request, to - from);
  }

  private static long ms(SampleBatch batch, int i) {
    return Math.floorDiv(batch.timeNanos(i), 1_000_000L);
  }

  private static int varintSize(long v) {
    return CodedOutputStream.computeInt64SizeNoTag(v);
  }

  /** A series' Sample fields other than time and value (name and tags), encoded once. */
  private byte[] prefix(Series series) {
    byte[] p = prefixes.get(series);
    if (p == null) {
      p =
          Sample.newBuilder()
              .setMetric(series.metric().name())
              .putAllTags(series.tags().asMap())
              .build()
              .toByteArray();
      prefixes.put(series, p);
    }
    return p;
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
