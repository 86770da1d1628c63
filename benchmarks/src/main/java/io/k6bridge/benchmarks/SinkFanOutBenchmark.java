package io.k6bridge.benchmarks;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.summary.RunAggregates;
import io.k6bridge.threshold.Submetric;
import io.k6bridge.threshold.ThresholdSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine thread's cost per sample of the summary's aggregates, fed through {@link SinkFanOut}
 * (ns per sample; with {@code -prof perfnorm}, instructions per sample). A batch holds what 40 HTTP
 * requests of four pages record, 10 samples each ({@code request}: http_reqs, the four timings,
 * http_req_failed, data_sent and _received, iterations, iteration_duration), or the same number of
 * samples of one counter ({@code counter}, whose update is a few instructions: what is left is
 * reading the batch and finding the series' sinks) or of http_req_duration ({@code trend}, which
 * also goes to its {@code expected_response:true} submetric).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SinkFanOutBenchmark {
  private static final int REQUESTS = 40;
  private static final Metric[] PER_REQUEST = {
    BuiltinMetrics.HTTP_REQS,
    BuiltinMetrics.HTTP_REQ_DURATION,
    BuiltinMetrics.HTTP_REQ_CONNECTING,
    BuiltinMetrics.HTTP_REQ_WAITING,
    BuiltinMetrics.HTTP_REQ_RECEIVING,
    BuiltinMetrics.HTTP_REQ_FAILED,
    BuiltinMetrics.DATA_SENT,
    BuiltinMetrics.DATA_RECEIVED,
    BuiltinMetrics.ITERATIONS,
    BuiltinMetrics.ITERATION_DURATION
  };
  private static final int SAMPLES = REQUESTS * 10; // PER_REQUEST.length, as a constant
  private static final String[] PAGES = {"home", "search", "product", "cart"};

  @Param({"request", "counter", "trend"})
  String samples;

  private final ArrayBatch batch = new ArrayBatch();
  private SinkFanOut fanOut;

  @Setup
  public void setUp() {
    SeriesRegistry registry = new SeriesRegistry();
    TagSet iteration = TagSet.builder().put("scenario", "users").put("group", "").build();
    for (int r = 0; r < REQUESTS; r++) {
      String page = PAGES[r % PAGES.length];
      boolean notFound = page.equals("cart");
      TagSet tags =
          iteration.toBuilder()
              .put("method", "GET")
              .put("name", page)
              .put("url", "http://127.0.0.1:8080/" + page)
              .put("status", notFound ? "404" : "200")
              .put("proto", "HTTP/1.1")
              .put("expected_response", Boolean.toString(!notFound))
              .build();
      double d = 3 + r % 5;
      double[] values = {1, d - 1, 0, d - 2, 1, notFound ? 1 : 0, 120, 752, 1, d + 0.5};
      long time = 1_700_000_000_000_000_000L + r * 250_000L;
      for (int m = 0; m < PER_REQUEST.length; m++) {
        int pick = samples.equals("counter") ? 0 : samples.equals("trend") ? 1 : m;
        Metric metric = PER_REQUEST[pick];
        boolean perIteration =
            metric == BuiltinMetrics.ITERATIONS || metric == BuiltinMetrics.ITERATION_DURATION;
        batch.add(registry.get(metric, perIteration ? iteration : tags), time, values[pick]);
      }
    }
    RunAggregates aggregates =
        new RunAggregates(
            false,
            ThresholdSet.parse("", new MetricRegistry()),
            List.of(Submetric.of(BuiltinMetrics.HTTP_REQ_DURATION, "expected_response:true")));
    fanOut = new SinkFanOut(List.of(aggregates));
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void summaryAggregates() {
    fanOut.add(batch);
  }
}
