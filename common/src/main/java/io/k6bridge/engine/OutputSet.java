package io.k6bridge.engine;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.aggregate.WithSinkRouter;
import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.event.EventLog;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.WithTestRunStop;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.OutputFiles;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.secret.Secrets;
import io.k6bridge.threshold.ThresholdSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's outputs: found on the class path, built from K6_OUT before load, started, handed the
 * batches the engine's fan-out does not route, and stopped in parallel within one deadline. Each
 * keeps its own failure accounting ({@link NamedOutput}); a plug-in runs behind an {@link
 * IsolatedOutput}.
 */
final class OutputSet {
  private static final Logger LOG = LoggerFactory.getLogger(OutputSet.class);

  private final List<NamedOutput> outputs;

  /** The counters outputs made through {@link BuiltinParams#dropCounter}. */
  private final List<DropCounter> drops;

  private OutputSet(List<NamedOutput> outputs, List<DropCounter> drops) {
    this.outputs = outputs;
    this.drops = drops;
  }

  /**
   * Every output factory on the class path, by name: the built-ins, registered as {@link
   * BuiltinOutputFactory} and trusted to return at once, first; then the plug-ins, registered as
   * {@link OutputFactory}, each of which runs behind an {@link IsolatedOutput} whatever its
   * package. A plug-in cannot take a built-in's name.
   */
  static Map<String, RegisteredOutput> factories() {
    Map<String, RegisteredOutput> byName = new TreeMap<>();
    ClassLoader loader = OutputSet.class.getClassLoader();
    for (BuiltinOutputFactory f : ServiceLoader.load(BuiltinOutputFactory.class, loader)) {
      byName.putIfAbsent(f.name(), RegisteredOutput.builtin(f));
    }
    for (OutputFactory f : ServiceLoader.load(OutputFactory.class, loader)) {
      byName.putIfAbsent(f.name(), RegisteredOutput.plugin(f));
    }
    return byName;
  }

  /** Every key the engine and the outputs on the class path read, each once, in that order. */
  static List<ConfigKey<?>> knownKeys() {
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    for (ConfigKey<?> k : EngineOptions.ALL) {
      byName.putIfAbsent(k.name(), k);
    }
    for (RegisteredOutput f : factories().values()) {
      for (ConfigKey<?> k : f.configKeys()) {
        byName.putIfAbsent(k.name(), k);
      }
    }
    return new ArrayList<>(byName.values());
  }

  /** Warns, in the log and on the console, about settings that are probably misspelled. */
  static void warnMisspelledKeys(Config config, Collection<RegisteredOutput> factories) {
    Set<String> known = new HashSet<>();
    knownKeys().forEach(k -> known.add(k.name()));
    known.add("K6_WEB_DASHBOARD_REPORT"); // k6's older name for K6_WEB_DASHBOARD_EXPORT
    List<String> prefixes = new ArrayList<>();
    factories.forEach(f -> prefixes.addAll(f.configPrefixes()));
    for (String warning : KeySpelling.warnings(config, known, prefixes)) {
      LOG.warn("k6bridge: {}", warning);
      System.err.println("WARN k6bridge: " + warning);
    }
  }

  /**
   * The values of every secret key of every output, as set; outputs add the forms they derive
   * (encoded credentials) when they are built.
   */
  static Secrets secrets(Config config, Collection<RegisteredOutput> factories) {
    Secrets secrets = new Secrets();
    for (RegisteredOutput f : factories) {
      for (ConfigKey<?> key : f.configKeys()) {
        if (key.secret()) {
          secrets.add(config.raw(key.name()));
        }
      }
    }
    return secrets;
  }

  /** What every output is built with besides its own spec. */
  record Context(
      Config config,
      MetricRegistry metrics,
      Path baseDirectory,
      SystemTags systemTags,
      ThresholdSet thresholds,
      EventLog events,
      long bufferSamples,
      Secrets secrets,
      OutputFiles files) {}

  /**
   * Builds every output of {@code specs}; each validates its own settings.
   *
   * @throws ConfigException for an unknown output or invalid settings
   */
  static OutputSet build(
      List<OutputSpec> specs, Map<String, RegisteredOutput> factories, Context c) {
    List<DropCounter> drops = new CopyOnWriteArrayList<>();
    List<NamedOutput> outputs = new ArrayList<>();
    for (OutputSpec spec : specs) {
      RegisteredOutput f = factories.get(spec.name());
      String key = EngineOptions.OUT.name();
      if (f == null) {
        throw new ConfigException(
            key,
            "invalid "
                + key
                + "='"
                + c.config().raw(key)
                + "' from "
                + c.config().sourceOf(key)
                + " (unknown output '"
                + spec.name()
                + "'): accepted outputs are "
                + String.join(", ", factories.keySet()));
      }
      String name = spec.toString();
      OutputEventReporter reporter = new OutputEventReporter(c.events(), name);
      Output output =
          f.create(
              new BuiltinParams(
                  spec.name(),
                  spec.argument(),
                  c.config(),
                  c.systemTags(),
                  c.metrics(),
                  c.baseDirectory(),
                  drops,
                  reporter,
                  c.secrets(),
                  c.files()));
      if (output instanceof WithThresholds) {
        ((WithThresholds) output).setThresholds(c.thresholds().definitions());
      }
      IsolatedOutput isolated = null;
      if (f.plugin()) {
        isolated =
            new IsolatedOutput(
                spec.name(),
                output,
                c.bufferSamples(),
                new DropCounter(name + ": plug-in slower than samples arrive, its buffer was full"),
                new DropCounter(name + ": output threw while accepting samples"),
                new DropCounter(
                    name + ": still in the plug-in's buffer or call at the stop deadline"));
      }
      outputs.add(new NamedOutput(name, output, isolated, reporter));
    }
    return new OutputSet(outputs, drops);
  }

  /**
   * The built-in aggregating outputs, as consumers of the engine's one pass; from now on they get
   * no batches. A plug-in's router is never used: plug-ins receive batches on their own thread.
   */
  List<SinkFanOut.Consumer> routedConsumers() {
    List<SinkFanOut.Consumer> consumers = new ArrayList<>();
    for (NamedOutput o : outputs) {
      if (o.isolated == null && o.output instanceof WithSinkRouter) {
        consumers.add(new SinkFanOut.Consumer(o.name, ((WithSinkRouter) o.output).sinkRouter()));
        o.routed = true;
      }
    }
    return consumers;
  }

  /**
   * Starts every output; one that fails to start fails the run.
   *
   * @param stopTest called when an output asks to stop the test ({@link WithTestRunStop})
   */
  void start(Consumer<String> stopTest) throws Exception {
    for (NamedOutput o : outputs) {
      if (o.output instanceof WithTestRunStop) {
        String name = o.name;
        ((WithTestRunStop) o.output)
            .setTestRunStopCallback(
                e ->
                    stopTest.accept(
                        "output "
                            + name
                            + " asked to stop the test: "
                            + (e == null ? "no reason given" : e.getMessage())));
      }
      o.output.start();
      if (o.isolated != null) {
        o.isolated.startDelivery();
      }
    }
  }

  List<String> descriptions() {
    List<String> d = new ArrayList<>();
    for (NamedOutput o : outputs) {
      d.add(o.output.description());
    }
    return d;
  }

  /** Hands a batch to every output the fan-out does not feed. Engine thread. */
  void deliver(SampleBatch batch, EventLog events) {
    for (NamedOutput o : outputs) {
      if (!o.routed) {
        o.deliver(batch, events);
      }
    }
  }

  /**
   * Stops every output in parallel, all within {@code deadlineNanos}. Never hangs: an output still
   * stopping at the deadline is abandoned (what a plug-in still holds is counted).
   *
   * @return one line per output that failed or timed out
   */
  List<String> stop(String abortReason, long deadlineNanos, Duration stopTimeout) {
    List<Thread> stoppers = new ArrayList<>();
    Map<NamedOutput, Throwable> errors = new ConcurrentHashMap<>();
    for (NamedOutput o : outputs) {
      Thread s =
          new Thread(
              () -> {
                try {
                  o.stop(abortReason == null ? null : new Exception(abortReason));
                } catch (Throwable e) {
                  errors.put(o, e);
                }
              },
              "k6bridge-stop-" + o.name);
      s.setDaemon(true);
      s.start();
      stoppers.add(s);
    }
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < stoppers.size(); i++) {
      Thread s = stoppers.get(i);
      joinUntil(s, deadlineNanos);
      NamedOutput o = outputs.get(i);
      if (s.isAlive()) {
        failures.add(o.name + ": stop did not finish within " + stopTimeout);
        if (o.isolated != null) {
          o.isolated.abandon(); // what it still holds is lost: counted, never silent
        }
      } else if (errors.containsKey(o)) {
        failures.add(o.name + ": " + errors.get(o));
      }
    }
    return failures;
  }

  /** What failed while the test ran, one line each; logged and written when it happened. */
  List<String> runFailures() {
    List<String> failures = new ArrayList<>();
    for (NamedOutput o : outputs) {
      o.addRunFailures(failures);
    }
    return failures;
  }

  /** Every loss counter of the outputs, their isolation included. */
  List<DropCounter> dropCounters() {
    List<DropCounter> all = new ArrayList<>(drops);
    for (NamedOutput o : outputs) {
      all.add(o.errorDrops);
      if (o.isolated != null) {
        all.add(o.isolated.full);
        all.add(o.isolated.failed);
        all.add(o.isolated.abandoned);
      }
    }
    return all;
  }

  /** Waits for {@code t} until the deadline at most. */
  static void joinUntil(Thread t, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.timedJoin(t, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
