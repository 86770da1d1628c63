package io.k6bridge.output.prometheusrw;

import io.k6bridge.config.Config;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SeriesRegistry;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.prometheusrw.remote.SnappyBlock;
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

/**
 * One push of the Prometheus remote write output: every series changed, mapped to Remote Write
 * time series, serialized and snappy-compressed. Series look like a JMeter run's: http_reqs
 * (counter) and http_req_duration (trend, default stats p99,p95,min,max, or a native histogram)
 * per URL, with k6's HTTP tags. Prints bytes per written sample on the wire once per trial; the
 * score divided by the series count is the encode cost per series.
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
  private Series[] reqs;
  private Series[] durations;
  private final SnappyBlock snappy = new SnappyBlock();
  private long time = 1_700_000_000_000_000_000L;

  @Setup(Level.Trial)
  public void setUp() {
    Config c = Config.builder().layer("bench", Map.of(
        "K6_TAGS", "testid=bench",
        "K6BRIDGE_PROMETHEUS_RW_INJECTOR", "host-1234",
        "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", Boolean.toString(nativeHistograms))).build();
    table = new SeriesTable(RemoteWriteConfig.from(c), new DropCounter("bench"));
    SeriesRegistry registry = new SeriesRegistry();
    reqs = new Series[urls];
    durations = new Series[urls];
    for (int i = 0; i < urls; i++) {
      TagSet tags = TagSet.builder().put("testid", "bench").put("scenario", "default").put("group", "")
          .put("method", "GET").put("name", "http://127.0.0.1:8080/api/item/" + i)
          .put("url", "http://127.0.0.1:8080/api/item/" + i).put("status", "200")
          .put("proto", "HTTP/1.1").put("expected_response", "true").build();
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
    byte[] raw = t.request.toByteArray();
    byte[] wire = snappy.compress(raw, raw.length);
    System.out.printf("%n[remote write] %d series, %d samples: %d bytes protobuf, %d bytes snappy,"
            + " %.1f bytes/sample on the wire%n",
        2 * urls, t.samples, raw.length, wire.length, (double) wire.length / t.samples);
  }

  private void addRound(int k) {
    time += 1_000_000;
    for (int i = 0; i < urls; i++) {
      table.add(reqs[i], time, 1);
      table.add(durations[i], time, 5 + (k * 7919 + i * 31) % 500);
    }
  }

  /** A push of every series: the engine-thread adds are outside the measured cost's intent but cheap. */
  @Benchmark
  public int push() {
    addRound(1);
    SeriesTable.Taken t = table.take();
    byte[] raw = t.request.toByteArray();
    return snappy.compress(raw, raw.length).length;
  }
}
