package io.k6bridge.benchmarks;

import io.k6bridge.fleet.FleetMerge;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.results.ResultsFile;
import io.k6bridge.results.ResultsWriter;
import io.k6bridge.sink.Sink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What fleet results cost: the engine thread's periodic write of a results file (K6BRIDGE_RESULTS),
 * and merging a fleet's files. Series are what a JMeter injector makes for a plan of {@code series
 * / 4} requests in 10 groups: per request name a counter, a rate and two trends of long-tailed
 * milliseconds. Each file carries a full timeline: 120 periods of 10 s (its bound: then it
 * doubles), with the dashboard's default tag {@code group}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.k6bridge.benchmarks.FleetResults [series] [files]
 * </pre>
 *
 * Defaults: 2,000 series per file, 50 files. Prints the CPU time of one write on the writing
 * thread, and the wall time and retained heap of one merge.
 */
public final class FleetResults {
  private FleetResults() {}

  public static void main(String[] args) throws Exception {
    int seriesPerFile = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Path dir = Files.createTempDirectory("k6bridge-fleet");
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

    List<Path> paths = new ArrayList<>();
    long[] writeNanos = new long[files];
    for (int f = 0; f < files; f++) {
      Path file = dir.resolve("injector-" + f + ".json");
      ResultsWriter writer = injector(file, seriesPerFile, new Random(f));
      writer.begin("JMeter", "plan.jmx", "injector-" + f, 0);
      for (int warm = 0; warm < (f == 0 ? 10 : 0); warm++) {
        writer.write(1, false, java.util.Map.of()); // the first file also warms the JIT
      }
      long start = cpu.getCurrentThreadCpuTime();
      writer.write(60_000, true, java.util.Map.of());
      writeNanos[f] = cpu.getCurrentThreadCpuTime() - start;
      paths.add(file);
    }
    long[] sorted = writeNanos.clone();
    java.util.Arrays.sort(sorted);
    System.out.printf(
        "write: %d series, %d bytes, CPU %.1f ms median (%.1f-%.1f ms over %d files)%n",
        seriesPerFile,
        Files.size(paths.get(0)),
        sorted[files / 2] / 1e6,
        sorted[0] / 1e6,
        sorted[files - 1] / 1e6,
        files);

    for (int round = 0; round < 3; round++) {
      System.gc();
      long heapBefore = usedHeap();
      long start = System.nanoTime();
      List<ResultsFile.Results> parts = new ArrayList<>();
      for (Path p : paths) {
        parts.add(ResultsFile.decode(Files.readString(p)));
      }
      FleetMerge.Fleet fleet = FleetMerge.merge(parts, "", false);
      long took = System.nanoTime() - start;
      parts = null;
      System.gc();
      long retained = usedHeap() - heapBefore;
      System.out.printf(
          "merge %d: %d files x %d series in %d ms; %d MB retained by the merged fleet"
              + " (%d series)%n",
          round + 1, files, seriesPerFile, took / 1_000_000, retained >> 20, fleet.series().size());
    }
  }

  /** One injector's writer, holding {@code n} series with 20 minutes of a shop's samples. */
  private static ResultsWriter injector(Path file, int n, Random random) {
    ResultsWriter writer =
        new ResultsWriter(
            file,
            Duration.ofSeconds(10),
            null,
            new ResultsWriter.TimelineShape(Duration.ofSeconds(10), List.of("group"), 1_000));
    SeriesRegistry registry = new SeriesRegistry();
    Metric[] metrics = {
      BuiltinMetrics.HTTP_REQS,
      BuiltinMetrics.HTTP_REQ_FAILED,
      BuiltinMetrics.HTTP_REQ_DURATION,
      BuiltinMetrics.HTTP_REQ_WAITING
    };
    List<Sink[]> sinks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Metric m = metrics[i % metrics.length];
      TagSet tags =
          TagSet.builder()
              .put("name", "request-" + i / metrics.length)
              .put("group", "::group-" + i % 10)
              .put("status", "200")
              .put("scenario", "shop")
              .build();
      Series s = registry.get(m, tags);
      sinks.add(writer.sinksFor(s));
    }
    writer.cut(0);
    for (int period = 0; period < 120; period++) {
      for (Sink[] series : sinks) {
        for (int k = 0; k < 4; k++) {
          double v = Math.floor(Math.exp(random.nextGaussian() + 4));
          for (Sink sink : series) {
            sink.add(k, v);
          }
        }
      }
      writer.cut((period + 1) * 10_000L + 500);
    }
    return writer;
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
