package io.k6bridge.gatling;

import io.k6bridge.config.Config;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.metrics.MetricRegistry;
import io.k6bridge.metrics.Series;
import io.k6bridge.ingest.SampleWriter;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches one bridge to one Gatling stats engine, whichever way it is asked (the DSL action, the
 * javaagent, or both): once per engine. Unsupported Gatling (an internal is missing, or the engine
 * is not the open-source {@code DataWritersStatsEngine}) is logged once and the run goes on
 * untouched. An invalid k6 configuration, or an output that cannot start, fails the run before
 * load starts, as in the JMeter adapter: no load runs without the metrics the user asked for.
 */
final class Attachment {
  private static final Logger LOG = LoggerFactory.getLogger(Attachment.class);
  private static final Duration GAUGE_PERIOD = Duration.ofSeconds(1);

  private static final Map<Object, Boolean> ATTACHED = new WeakHashMap<>();
  private static GatlingInternals internals;
  private static boolean resolveFailed;
  private static boolean warned;

  private Attachment() {}

  /** From the DSL: the stats engine is read from the scenario context. */
  static synchronized void toScenario(Object scenarioContext) {
    GatlingInternals in = internals(scenarioContext.getClass().getClassLoader());
    if (in != null) {
      Object engine;
      try {
        engine = in.statsEngineOf(scenarioContext);
      } catch (RuntimeException e) {
        unsupported(e.getMessage());
        return;
      }
      toEngine(in, engine);
    }
  }

  /** From the javaagent: called at the end of every {@code DataWritersStatsEngine} constructor. */
  static synchronized void toStatsEngine(Object engine) {
    GatlingInternals in = internals(engine.getClass().getClassLoader());
    if (in != null) {
      toEngine(in, engine);
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

  private static void toEngine(GatlingInternals in, Object statsEngine) {
    if (ATTACHED.containsKey(statsEngine)) {
      return;
    }
    if (!in.isDataWritersEngine(statsEngine)) {
      unsupported("the stats engine is " + statsEngine.getClass().getName() + ", not "
          + GatlingInternals.STATS_ENGINE);
      return;
    }
    ATTACHED.put(statsEngine, Boolean.TRUE);
    Config config = GatlingSettings.load(statsEngine.getClass().getClassLoader());
    MetricsEngine engine =
        MetricsEngine.create(config, new MetricRegistry(), Paths.get("").toAbsolutePath());
    GatlingSeries factory = new GatlingSeries(engine);
    UserCount users = new UserCount();
    Series vus = factory.vus();
    Series vusMax = factory.vusMax();
    engine.every(
        GAUGE_PERIOD,
        () -> {
          SampleWriter w = engine.writer(); // the engine thread's own writer
          long now = System.currentTimeMillis() * 1_000_000L;
          w.record(vus, now, users.active());
          w.record(vusMax, now, users.peak());
        });
    K6DataWriter writer = new K6DataWriter(in, engine, factory, users);
    try {
      in.addDataWriter(statsEngine, writer);
    } catch (IllegalAccessException | RuntimeException e) {
      unsupported("cannot add a data writer: " + e);
      return;
    }
    try {
      engine.start();
    } catch (Exception e) {
      engine.stop();
      throw new IllegalStateException("k6bridge: an output failed to start: " + e, e);
    }
  }

  private static void unsupported(String reason) {
    if (!warned) {
      warned = true;
      LOG.warn(
          "k6bridge: this Gatling is not supported ({}); the simulation runs without k6 metrics."
              + " Tested with Gatling {}.",
          reason,
          K6Bridge.TESTED_VERSIONS);
    }
  }
}
