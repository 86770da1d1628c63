package io.k6bridge.output.influxdb;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.influxdb.InfluxDbConfig.FieldKind;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.registry.SeriesRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The InfluxDB output's work per sample on its push thread: one JMeter HTTP request's eight samples
 * (http_reqs, the four phases, http_req_failed, data_sent, data_received) encoded as line protocol,
 * 1,000 URLs, two requests of a URL in each millisecond. Once per trial it prints the bytes per
 * sample on the wire (uncompressed: k6's influxdb output does not compress either).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@OperationsPerInvocation(LineProtocolBenchmark.SAMPLES)
public class LineProtocolBenchmark {
  static final int URLS = 1_000;
  static final int SAMPLES = URLS * 8;

  private static final Metric[] HTTP = {
    BuiltinMetrics.HTTP_REQS,
    BuiltinMetrics.HTTP_REQ_DURATION,
    BuiltinMetrics.HTTP_REQ_CONNECTING,
    BuiltinMetrics.HTTP_REQ_WAITING,
    BuiltinMetrics.HTTP_REQ_RECEIVING,
    BuiltinMetrics.HTTP_REQ_FAILED,
  };

  private final Series[] series = new Series[SAMPLES];
  private final TextBuffer out = new TextBuffer(1 << 20);
  private LineProtocol protocol;
  private long millis = 1_700_000_000_000L;
  private long bytes;
  private long samples;

  @Setup(Level.Trial)
  public void setUp() {
    protocol = new LineProtocol(FieldKind.parseList("vu,iter,url"), "injector", "bench-1", "ns");
    SeriesRegistry registry = new SeriesRegistry();
    for (int u = 0; u < URLS; u++) {
      TagSet tags =
          TagSet.builder()
              .put("name", "GET /product/" + u)
              .put("url", "http://shop.example/product/" + u)
              .put("method", "GET")
              .put("status", "200")
              .put("expected_response", "true")
              .put("proto", "HTTP/1.1")
              .put("group", "::browse")
              .put("scenario", "shoppers")
              .put("testid", "run-42")
              .build();
      TagSet data = TagSet.builder().put("group", "::browse").put("scenario", "shoppers").build();
      for (int m = 0; m < HTTP.length; m++) {
        series[u * 8 + m] = registry.get(HTTP[m], tags);
      }
      series[u * 8 + 6] = registry.get(BuiltinMetrics.DATA_SENT, data);
      series[u * 8 + 7] = registry.get(BuiltinMetrics.DATA_RECEIVED, data);
    }
  }

  @Benchmark
  public int encode() {
    out.reset();
    long t = (millis++ / 2) * 1_000_000L; // two rounds per millisecond
    for (int i = 0; i < SAMPLES; i++) {
      protocol.append(out, series[i], t, 12.345 + (i & 7));
    }
    bytes += out.size();
    samples += SAMPLES;
    return out.size();
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.printf("%nline protocol: %.1f bytes per sample%n", (double) bytes / samples);
  }
}
