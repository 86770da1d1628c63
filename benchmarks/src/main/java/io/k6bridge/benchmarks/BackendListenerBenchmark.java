package io.k6bridge.benchmarks;

import io.k6bridge.jmeter.K6BackendListenerClient;
import org.apache.jmeter.config.Argument;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.visualizers.backend.BackendListener;
import org.apache.jmeter.visualizers.backend.BackendListenerClient;
import org.apache.jmeter.visualizers.backend.influxdb.InfluxdbBackendListenerClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a sampler thread pays per sample for a Backend Listener, as JMeter calls it: {@code
 * BackendListener.sampleOccurred}, which copies every row of the listener's parameter table into a
 * new map, calls the client's {@code createSampleResult} and queues what it returns for the
 * listener's worker thread (ours returns nothing; the built-in InfluxDB client returns the result,
 * which its worker then aggregates on the other core). {@code table=min} has only the rows the run
 * needs; {@code table=gui} has every row the client's {@code getDefaultParameters} lists, as a
 * listener added in the GUI saves them. The events are built once, since JMeter builds them with or
 * without a listener.
 */
public class BackendListenerBenchmark extends PerSampleBenchmark {

  @State(Scope.Thread)
  public static class Listener {
    @Param({"k6bridge", "influxdb"})
    public String client;

    @Param({"min", "gui"})
    public String table;

    BackendListener listener;
    SampleEvent[] events;
    JMeterVariables vars;

    @Setup(Level.Trial)
    public void setUp() {
      vars = SyntheticSamples.samplerThreadContext();
      SampleResult[] results = SyntheticSamples.create(false);
      events = new SampleEvent[results.length];
      for (int i = 0; i < results.length; i++) {
        events[i] = new SampleEvent(results[i], "bench", vars);
      }

      BackendListenerClient prototype =
          client.equals("k6bridge")
              ? new K6BackendListenerClient()
              : new InfluxdbBackendListenerClient();
      Arguments args = table.equals("gui") ? prototype.getDefaultParameters() : new Arguments();
      if (client.equals("k6bridge")) {
        // ListenerBenchmark's reasons: no output, and a buffer that holds what arrives between
        // drains.
        set(args, "K6_OUT", "");
        set(args, "K6BRIDGE_BUFFER_SAMPLES", Integer.toString(8 << 20));
      } else {
        // As in ListenerBenchmark: JMeter's default sender, to a discard port nothing listens on.
        set(
            args,
            "influxdbMetricsSender",
            "org.apache.jmeter.visualizers.backend.influxdb.HttpMetricsSender");
        set(args, "influxdbUrl", "http://127.0.0.1:9/write?db=jmeter");
      }
      listener = new BackendListener();
      listener.setName(client + "-" + table);
      listener.setClassname(prototype.getClass().getName());
      listener.setArguments(args);
      listener.testStarted();
    }

    private static void set(Arguments args, String name, String value) {
      for (int i = 0; i < args.getArgumentCount(); i++) {
        Argument a = args.getArgument(i);
        if (a.getName().equals(name)) {
          a.setValue(value);
          return;
        }
      }
      args.addArgument(name, value);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      listener.testEnded();
    }
  }

  @Benchmark
  public void sampleOccurred(Listener l) {
    SampleEvent[] events = l.events;
    for (int i = 0; i < events.length; i++) {
      if (i % SyntheticSamples.PER_ITERATION == 0) {
        l.vars.incIteration();
      }
      l.listener.sampleOccurred(events[i]);
    }
  }
}
