package io.k6bridge.benchmarks;

import io.k6bridge.jmeter.K6BackendListenerClient;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;
import org.apache.jmeter.visualizers.backend.influxdb.InfluxdbBackendListenerClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one JMeter sample costs a listener, in nanoseconds per sample ({@code
 * OperationsPerInvocation} = one pass over {@link SyntheticSamples#COUNT} results).
 *
 * <ul>
 *   <li>{@link #k6bridge}: our whole sampler-thread path, {@code createSampleResult} translating a
 *       result into k6 samples in the thread's ingest buffer and returning null, while the engine
 *       thread drains concurrently. With {@code K6_OUT} empty only that path is measured; with json
 *       the engine and the json writer threads compete for the second core.
 *   <li>{@link #influxdb}: JMeter's built-in InfluxDB listener's {@code handleSampleResults} on the
 *       same results, in one batch, as JMeter's listener worker thread calls it. Its sender points
 *       at a loopback port nothing listens on and sends on its own timer thread. This leaves out
 *       JMeter's queue hand-off, which that listener also pays in a real run.
 *   <li>{@link #assertionGetter}: JMeter's own {@code getAssertionResults()} on the same results,
 *       which copies the assertion list into a new array; any bytes per sample of ours beyond it
 *       would be our own.
 * </ul>
 */
public class ListenerBenchmark extends PerSampleBenchmark {

  /** The results, and the sampler thread's JMeter context (thread group, iteration counter). */
  @State(Scope.Thread)
  public static class SamplerThread {
    @Param({"plain", "assertions"})
    public String samples;

    SampleResult[] results;
    List<SampleResult> batch;
    JMeterVariables vars;

    // What this thread alone allocated and spent in CPU, per sample: JMH's gc.alloc.rate.norm also
    // counts the engine's and the outputs' threads, which run off the sampler thread, and JMH's
    // time also counts the time this thread waited for a core (on 2 cores, ours shares them with
    // the engine thread; the built-in listener's benchmark has no second thread).
    long invocations;
    private long bytesAtStart;
    private long cpuAtStart;
    private long invocationsAtStart;

    @Setup(Level.Trial)
    public void setUp() {
      vars = SyntheticSamples.samplerThreadContext();
      results = SyntheticSamples.create(samples.equals("assertions"));
      batch = Arrays.asList(results);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      invocationsAtStart = invocations;
      bytesAtStart = THREADS.getCurrentThreadAllocatedBytes();
      cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
      long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytesAtStart;
      long samples = (invocations - invocationsAtStart) * SyntheticSamples.COUNT;
      System.out.printf(
          "  [benchmark thread] %d bytes allocated over %d samples = %.4f B/sample; CPU %.1f ns/sample%n",
          bytes,
          samples,
          samples == 0 ? 0.0 : (double) bytes / samples,
          samples == 0 ? 0.0 : (double) cpu / samples);
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @State(Scope.Benchmark)
  public static class K6Listener {
    /** K6_OUT: empty runs the engine with no output; json writes every sample to /dev/null. */
    @Param({"", "json=/dev/null"})
    public String out;

    K6BackendListenerClient client;
    BackendListenerContext context;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      SyntheticSamples.loadJMeterProperties();
      Map<String, String> params = new HashMap<>();
      params.put("K6_OUT", out);
      // ~50 M samples/s arrive here, 8 per result, against one drain every 50 ms: a buffer sized
      // for that keeps the benchmark on the recording path rather than the cheaper drop path.
      // The same key also bounds each output's own buffer (two blocks of it), hence the 2 GB heap.
      // The engine logs at teardown whether anything was dropped.
      params.put("K6BRIDGE_BUFFER_SAMPLES", Integer.toString(8 << 20));
      context = new BackendListenerContext(params);
      client = new K6BackendListenerClient();
      client.setupTest(context);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      client.teardownTest(context);
    }
  }

  @State(Scope.Benchmark)
  public static class InfluxListener {
    InfluxdbBackendListenerClient client;
    BackendListenerContext context;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      SyntheticSamples.loadJMeterProperties();
      Map<String, String> params = new HashMap<>();
      // The default sender, JMeter's HttpMetricsSender (package-private, so named here).
      params.put(
          "influxdbMetricsSender",
          "org.apache.jmeter.visualizers.backend.influxdb.HttpMetricsSender");
      params.put(
          "influxdbUrl", "http://127.0.0.1:9/write?db=jmeter"); // discard port, nothing listens
      params.put("application", "bench");
      params.put("measurement", "jmeter");
      params.put("summaryOnly", "false");
      params.put("samplersRegex", ".*");
      params.put("percentiles", "99;95;90");
      params.put("testTitle", "bench");
      params.put("eventTags", "");
      context = new BackendListenerContext(params);
      client = new InfluxdbBackendListenerClient();
      client.setupTest(context);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      client.teardownTest(context);
    }
  }

  @Benchmark
  public void k6bridge(K6Listener listener, SamplerThread thread, Blackhole bh) {
    thread.invocations++;
    SampleResult[] results = thread.results;
    for (int i = 0; i < results.length; i++) {
      if (i % SyntheticSamples.PER_ITERATION == 0) {
        thread.vars.incIteration();
      }
      bh.consume(listener.client.createSampleResult(listener.context, results[i]));
    }
  }

  @Benchmark
  public void influxdb(InfluxListener listener, SamplerThread thread) {
    thread.invocations++;
    for (int i = 0; i < SyntheticSamples.COUNT / SyntheticSamples.PER_ITERATION; i++) {
      thread.vars.incIteration(); // as in k6bridge(), so both loops do the same extra work
    }
    listener.client.handleSampleResults(thread.batch, listener.context);
  }

  @Benchmark
  public void assertionGetter(SamplerThread thread, Blackhole bh) {
    thread.invocations++;
    for (SampleResult r : thread.results) {
      bh.consume(r.getAssertionResults());
    }
  }
}
