package io.k6bridge.output.prometheusrw;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.benchmarks.ArrayBatch;
import io.k6bridge.config.Config;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.prometheusrw.proto.TimeSeries;
import io.k6bridge.output.prometheusrw.proto.WriteRequest;
import io.k6bridge.registry.SeriesRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

/**
 * One push of the Prometheus remote write output: every series changed, mapped to Remote Write time
 * series, serialized and snappy-compressed. Series look like a JMeter run's: http_reqs (counter)
 * and http_req_duration (trend, default stats p99,p95,min,max, or a native histogram) per URL, with
 * k6's HTTP tags. The score divided by the series count is the encode cost per series.
 *
 * <p>Once per trial it prints the bytes on the wire of one push, ours and k6's for the same series.
 * k6's experimental-prometheus-rw output sends the same Remote Write 1.0 protobuf without our
 * injector label, compressed by Go's snappy, which follows the reference C++ snappy that
 * snappy-java wraps; so the k6 column is our request with that label removed, compressed by
 * snappy-java (and by our SnappyBlock, to separate label bytes from compressor bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RemoteWriteEncodeBenchmark {
  @Param({"1000"})
  int urls;

  @Param({"false", "true"})
  boolean nativeHistograms;

  private SeriesTable table;
  private SinkFanOut fanOut;
  private final ArrayBatch round = new ArrayBatch();
  private Series[] reqs;
  private Series[] durations;
  private final SnappyBlock snappy = new SnappyBlock();
  private long time = 1_700_000_000_000_000_000L;

  @Setup(Level.Trial)
  public void setUp() {
    Config c =
        Config.builder()
            .layer(
                "bench",
                Map.of(
                    "K6_TAGS", "testid=bench",
                    "K6BRIDGE_PROMETHEUS_RW_INJECTOR", "host-1234",
                    "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM",
                        Boolean.toString(nativeHistograms)))
            .build();
    RemoteWriteConfig config = RemoteWriteConfig.from(c);
    table = new SeriesTable(config, new DropCounter("bench"));
    fanOut = new SinkFanOut(List.of(table));
    SeriesRegistry registry = new SeriesRegistry();
    reqs = new Series[urls];
    durations = new Series[urls];
    for (int i = 0; i < urls; i++) {
      TagSet tags =
          TagSet.builder()
              .put("testid", "bench")
              .put("scenario", "default")
              .put("group", "")
              .put("method", "GET")
              .put("name", "http://127.0.0.1:8080/api/item/" + i)
              .put("url", "http://127.0.0.1:8080/api/item/" + i)
              .put("status", "200")
              .put("proto", "HTTP/1.1")
              .put("expected_response", "true")
              .build();
      reqs[i] = registry.get(BuiltinMetrics.HTTP_REQS, tags);
      durations[i] = registry.get(BuiltinMetrics.HTTP_REQ_DURATION, tags);
    }
    // Realistic spread of durations, so native histograms have a few dozen buckets each.
    for (int k = 0; k < 200; k++) {
      addRound(k);
    }
    table.take();
    addRound(0);
    SeriesTable.Taken t = table.take();
    WriteRequest ours = t.request;
    WriteRequest k6 = withoutLabel(ours, config.injectorLabel);
    byte[] oursRaw = ours.toByteArray();
    byte[] k6Raw = k6.toByteArray();
    int oursWire = snappy.compress(oursRaw, oursRaw.length).length;
    int oursReference = referenceSnappy(oursRaw);
    int k6Wire = referenceSnappy(k6Raw);
    int k6OurSnappy = snappy.compress(k6Raw, k6Raw.length).length;
    System.out.printf(
        "%n[remote write] nativeHistograms=%s: %d k6 series (metric + tags), %d samples (Remote Write"
            + " time series) per push%n"
            + "[remote write] ours (labels with %s=): protobuf %d B, SnappyBlock %d B = %.2f B/sample,"
            + " snappy-java %d B = %.2f B/sample%n"
            + "[remote write] k6-equivalent (no %s label): protobuf %d B, snappy-java %d B = %.2f"
            + " B/sample, SnappyBlock %d B = %.2f B/sample%n"
            + "[remote write] encode cost per k6 series = score / %d; per sample = score / %d%n",
        nativeHistograms,
        2 * urls,
        t.samples,
        config.injectorLabel,
        oursRaw.length,
        oursWire,
        (double) oursWire / t.samples,
        oursReference,
        (double) oursReference / t.samples,
        config.injectorLabel,
        k6Raw.length,
        k6Wire,
        (double) k6Wire / t.samples,
        k6OurSnappy,
        (double) k6OurSnappy / t.samples,
        2 * urls,
        t.samples);
  }

  /**
   * {@code request} with the label {@code name} removed from every series; the rest stays sorted.
   */
  private static WriteRequest withoutLabel(WriteRequest request, String name) {
    WriteRequest.Builder w = request.toBuilder();
    for (TimeSeries.Builder ts : w.getTimeseriesBuilderList()) {
      int i = 0;
      while (!ts.getLabels(i).getName().equals(name)) {
        i++; // throws when the label is missing: then this would not be k6's request
      }
      ts.removeLabels(i);
    }
    return w.build();
  }

  private static int referenceSnappy(byte[] raw) {
    try {
      return Snappy.compress(raw).length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void addRound(int k) {
    time += 1_000_000;
    round.clear();
    for (int i = 0; i < urls; i++) {
      round.add(reqs[i], time, 1).add(durations[i], time, 5 + (k * 7919 + i * 31) % 500);
    }
    fanOut.add(round);
  }

  /**
   * A push of every series: the engine-thread adds are outside the measured cost's intent but
   * cheap.
   */
  @Benchmark
  public int push() {
    addRound(1);
    SeriesTable.Taken t = table.take();
    byte[] raw = t.request.toByteArray();
    return snappy.compress(raw, raw.length).length;
  }
}
