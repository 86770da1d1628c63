package io.k6bridge.gatling;

import io.gatling.core.structure.ScenarioContext;
import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.engine.ExitStatus;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.engine.RunHost;
import io.k6bridge.engine.UserCount;
import io.k6bridge.registry.MetricRegistry;
import java.nio.file.Paths;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches one bridge to one Gatling run, whichever way it is asked (the DSL action, the javaagent,
 * or both): once per stats engine. Unsupported Gatling (an internal is missing, or the engine is
 * not the open-source {@code DataWritersStatsEngine}) is logged once and the run goes on untouched.
 * An invalid k6 configuration (thresholds included), or an output that cannot start, fails the run
 * before load starts, as in the JMeter adapter: no load runs without the metrics and gates the user
 * asked for.
 */
final class Attachment {
  private static final Logger LOG = LoggerFactory.getLogger(Attachment.class);

  private static final Map<Object, K6DataWriter> ATTACHED = new WeakHashMap<>();
  private static GatlingInternals internals;
  private static boolean resolveFailed;
  private static boolean warned;

  private Attachment() {}

  /**
   * From the DSL step or the javaagent, while Gatling builds a scenario: attaches to the run, and
   * times this scenario's iterations.
   */
  static synchronized void toScenario(Object scenarioContext) {
    GatlingInternals in = internals(scenarioContext.getClass().getClassLoader());
    if (in == null) {
      return;
    }
    Object coreComponents;
    try {
      coreComponents = in.coreComponentsOf(scenarioContext);
    } catch (RuntimeException e) {
      unsupported(e.getMessage());
      return;
    }
    K6DataWriter writer = toRun(in, coreComponents);
    if (writer != null) {
      IterationTiming.addTo((ScenarioContext) scenarioContext, writer);
    }
  }

  /** Resolves and checks Gatling's internals once; null (after one warning) when unsupported. */
  static synchronized GatlingInternals internals(ClassLoader loader) {
    if (internals == null && !resolveFailed) {
      try {
        internals = GatlingInternals.resolve(loader);
      } catch (ReflectiveOperationException | LinkageError e) {
        resolveFailed = true;
        unsupported(e.toString());
      }
    }
    return internals;
  }

  /** The run's writer, attaching it first if needed; null when this Gatling is unsupported. */
  private static K6DataWriter toRun(GatlingInternals in, Object coreComponents) {
    Object statsEngine;
    Object controller;
    String simulation;
    try {
      statsEngine = in.statsEngineOf(coreComponents);
      controller = in.controllerOf(coreComponents);
      K6DataWriter attached = ATTACHED.get(statsEngine);
      if (attached != null) {
        return attached;
      }
      if (!in.isDataWritersEngine(statsEngine)) {
        throw new IllegalStateException(
            "the stats engine is "
                + statsEngine.getClass().getName()
                + ", not "
                + GatlingInternals.STATS_ENGINE);
      }
      simulation = in.simulationName(statsEngine);
    } catch (RuntimeException e) {
      unsupported(e.getMessage());
      return null;
    }
    Config config = GatlingSettings.load(statsEngine.getClass().getClassLoader());
    MetricRegistry metrics = new MetricRegistry();
    GatlingSeries.register(metrics);
    boolean ownsExitStatus = GatlingMain.ownsExitStatus(Thread.currentThread().getStackTrace());
    MetricsEngine engine;
    try {
      engine = MetricsEngine.create(config, metrics, Paths.get("").toAbsolutePath());
    } catch (ConfigException e) {
      LOG.error("k6bridge: {}", e.getMessage());
      if (ownsExitStatus) {
        // As for JMeter, k6's status for invalid configuration. Gatling's JVM would not end by
        // itself: its threads outlive a simulation that fails to build.
        System.err.println(e.getMessage());
        new ExitStatus("Gatling", true).invalidConfiguration();
        System.exit(ExitStatus.INVALID_CONFIG);
      }
      throw e;
    }
    GatlingSeries factory = new GatlingSeries(engine);
    UserCount users = new UserCount();
    GatlingHost host = new GatlingHost(simulation, users, in, controller, ownsExitStatus);
    io.gatling.commons.util.Clock clock = ((io.gatling.core.CoreComponents) coreComponents).clock();
    K6DataWriter writer =
        new K6DataWriter(
            in, engine, factory, users, then -> engine.finishThen(host, then), clock::nowMillis);
    try {
      in.addDataWriter(statsEngine, writer);
    } catch (IllegalAccessException | RuntimeException e) {
      unsupported("cannot add a data writer: " + e);
      return null;
    }
    engine.start(host); // an output that fails to start fails the simulation before load
    ATTACHED.put(statsEngine, writer);
    return writer;
  }

  private static void unsupported(String reason) {
    if (!warned) {
      warned = true;
      LOG.warn(
          "k6bridge: this Gatling is not supported ({}); the simulation runs without k6 metrics."
              + " Tested with Gatling {}.",
          reason,
          GatlingInternals.TESTED_VERSIONS);
    }
  }

  /** Gatling as the run sees it: its users, its simulation, its controller's stop. */
  private record GatlingHost(
      String plan, UserCount users, GatlingInternals in, Object controller, boolean ownsExitStatus)
      implements RunHost {
    @Override
    public String tool() {
      return "Gatling";
    }

    @Override
    public long activeUsers() {
      return users.active();
    }

    @Override
    public long maxUsers() {
      return users.peak();
    }

    @Override
    public void stopGracefully(String reason) {
      // The controller only receives a message, and stops on its own.
      in.stopLoadGenerator(controller, "k6bridge: " + reason);
    }
  }
}
