package io.k6bridge.jmeter;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.engine.ExitStatus;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.engine.RelayedInjectors;
import io.k6bridge.engine.RunHost;
import io.k6bridge.event.RunContext;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.telemetry.InjectorTelemetry;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.apache.jmeter.JMeter;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.engine.ClientJMeterEngine;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.gui.GuiPackage;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jmeter.visualizers.backend.BackendListenerClient;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The k6bridge Backend Listener client on Java 17 or newer, which {@code K6BackendListenerClient}
 * (what plans name) hands every call to: emits k6's metrics through k6bridge's outputs ({@code
 * K6_OUT}).
 *
 * <p>Every result is translated on the sampler thread that produced it, in {@link
 * #createSampleResult}, into that thread's lock-free sample buffer; the method then returns null so
 * JMeter's blocking queue and worker thread are never used (the hand-off alone costs about 11% of
 * throughput). {@link #handleSampleResults} therefore receives nothing.
 *
 * <p>Invalid configuration fails {@link #setupTest}: JMeter 5.6.3 rethrows from {@code
 * StandardJMeterEngine.notifyTestListenersOfStart}, before any thread group starts, so no load runs
 * without metrics. Relative output file names resolve against JMeter's working directory, as the
 * {@code -l} results file does.
 */
final class K6Listener implements BackendListenerClient {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.k6bridge.jmeter.K6BackendListenerClient");
  // Each row costs about 0.4% of the sampler threads' CPU at a fast test's rate.
  private static final int MANY_IDLE_ROWS = 10;

  private final Supplier<Map<String, String>> environment;
  private final Supplier<Properties> properties;
  private final Path baseDirectory;

  private final Queue<SampleTranslator> translators = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<SampleTranslator> translator = new ThreadLocal<>();
  private final ThreadLocal<Map<String, SampleTranslator>> remoteTranslators =
      ThreadLocal.withInitial(HashMap::new);
  private final Map<String, SeriesFactory> engineFactories = new ConcurrentHashMap<>();
  private final RemoteEngines engines = new RemoteEngines();
  private volatile MetricsEngine engine;
  private volatile SeriesFactory factory;
  private volatile JMeterMetrics custom;

  K6Listener() {
    this(System::getenv, JMeterUtils::getJMeterProperties, Paths.get("").toAbsolutePath());
  }

  K6Listener(
      Supplier<Map<String, String>> environment,
      Supplier<Properties> properties,
      Path baseDirectory) {
    this.environment = environment;
    this.properties = properties;
    this.baseDirectory = baseDirectory;
  }

  /** Every supported key with its default, so the GUI's table documents them; blank is unset. */
  @Override
  public Arguments getDefaultParameters() {
    return ListenerSettings.withEveryKey(new Arguments());
  }

  @Override
  public void setupTest(BackendListenerContext context) throws Exception {
    Map<String, String> parameters = parameters(context);
    Config config = ListenerSettings.config(parameters, environment.get(), properties.get());
    MetricRegistry metrics = new MetricRegistry();
    JMeterMetrics custom = new JMeterMetrics(metrics);
    MetricsEngine created;
    try {
      created = MetricsEngine.create(config, metrics, baseDirectory);
    } catch (ConfigException e) {
      throw refuse(e.getMessage(), e);
    }
    SeriesFactory seriesFactory = new SeriesFactory(created, custom, created.runTags());
    this.custom = custom;
    try {
      created.start(new JMeterHost(role(properties.get()), created.relays()));
    } catch (IllegalStateException e) {
      throw refuse(e.getMessage(), e);
    }
    factory = seriesFactory;
    engine = created;
    List<String> idle = ListenerSettings.rowsAtDefault(parameters);
    if (!idle.isEmpty()) {
      // The GUI lists every key so users can find them; most plans need a handful. JMeter copies
      // (and resets) every row of a Backend Listener's table for every sample, on the sampler
      // threads, through maps they synchronize on: a full table is worth a warning.
      String message =
          String.format(
              "k6bridge: %d of this Backend Listener's %d parameter rows only repeat their defaults."
                  + " JMeter copies every row for every sample on the sampler threads (measured: 23%% of"
                  + " their CPU with the GUI's %d rows, 4%% with one). Delete them, or add the listener"
                  + " as 'k6bridge Backend Listener', which saves only the rows you change: %s",
              idle.size(),
              parameters.size(),
              ListenerSettings.keys().size(),
              String.join(", ", idle));
      if (idle.size() >= MANY_IDLE_ROWS) {
        LOG.warn(message);
      } else {
        LOG.info(message);
      }
    }
  }

  /**
   * A remote engine ({@code jmeter-server}) sets this property to its host:port before it builds
   * the engine that runs the plan (RemoteJMeterEngineImpl.rconfigure in JMeter 5.6.3); a standalone
   * run never sets it. The plan's listener element is Remoteable, so JMeter keeps it on the
   * controller (a standalone run by this test); an engine runs k6bridge's listener only when a plan
   * brings it there in an element that is not.
   */
  static String role(Properties jmeterProperties) {
    boolean remote =
        jmeterProperties != null
            && jmeterProperties.getProperty(
                    JMeterUtils.THREAD_GROUP_DISTRIBUTED_PREFIX_PROPERTY_NAME)
                != null;
    return remote ? RunContext.REMOTE_ENGINE : RunContext.STANDALONE;
  }

  /**
   * Logs, tells the user (a dialog in the GUI, the console otherwise), arranges k6's exit status
   * for invalid configuration (non-GUI JMeter would exit 0), and fails the start.
   */
  private static RuntimeException refuse(String message, RuntimeException failure) {
    JMeterUtils.reportErrorToUser(message, "k6bridge: the test was not started");
    new ExitStatus("JMeter", ownsExitStatus()).invalidConfiguration();
    return failure;
  }

  /** Translates {@code result} on the sampler thread and returns null: nothing is queued. */
  @Override
  public SampleResult createSampleResult(BackendListenerContext context, SampleResult result) {
    MetricsEngine e = engine;
    if (e == null) {
      return null;
    }
    JMeterContext ctx = JMeterContextService.getContext();
    if (ctx.getThreadGroup() == null) {
      RemoteEngines.Origin origin = engines.origin(result.getThreadName());
      if (origin != null) {
        remoteTranslator(e, origin.engine()).translateRemote(ctx, result, origin, e.relays());
        return null;
      }
    }
    SampleTranslator t = translator.get();
    if (t == null) {
      t = new SampleTranslator(factory, e.writer());
      translator.set(t);
      translators.add(t);
    }
    t.translate(ctx, result);
    return null;
  }

  /** This RMI thread's translator of one engine's results, whose series carry its injector. */
  private SampleTranslator remoteTranslator(MetricsEngine e, String engineId) {
    Map<String, SampleTranslator> own = remoteTranslators.get();
    SampleTranslator t = own.get(engineId);
    if (t == null) {
      SeriesFactory f =
          engineFactories.computeIfAbsent(
              engineId,
              id ->
                  new SeriesFactory(
                      e, custom, e.runTags().with(InjectorTelemetry.INJECTOR_TAG, id)));
      t = new SampleTranslator(f, e.writer());
      own.put(engineId, t);
    }
    return t;
  }

  /** Receives nothing: {@link #createSampleResult} keeps every result off JMeter's queue. */
  @Override
  public void handleSampleResults(
      List<SampleResult> sampleResults, BackendListenerContext context) {
    // Intentionally empty.
  }

  /**
   * Records each thread's last completed iteration, then drains and stops the outputs within
   * K6BRIDGE_STOP_TIMEOUT: never hangs JMeter.
   */
  @Override
  public void teardownTest(BackendListenerContext context) {
    MetricsEngine e = engine;
    if (e == null) {
      return;
    }
    engine = null;
    SampleWriter w = e.writer();
    for (SampleTranslator t : translators) {
      t.flushLastIteration(w);
    }
    e.finish(new JMeterHost(role(properties.get()), e.relays()));
  }

  /**
   * JMeter as the run sees it: its threads (in a distributed run, the engines' as their results
   * report them), its plan, its graceful shutdown.
   */
  private static final class JMeterHost implements RunHost {
    private final String role;
    private final RelayedInjectors engines;

    JMeterHost(String role, RelayedInjectors engines) {
      this.role = role;
      this.engines = engines;
    }

    @Override
    public String tool() {
      return "JMeter";
    }

    @Override
    public String plan() {
      return FileServer.getFileServer().getScriptName();
    }

    @Override
    public String role() {
      return role;
    }

    @Override
    public long activeUsers() {
      return engines.seen() ? engines.activeUsers() : JMeterContextService.getNumberOfThreads();
    }

    @Override
    public long maxUsers() {
      return engines.seen() ? engines.peakUsers() : JMeterContextService.getTotalThreads();
    }

    @Override
    public void stopGracefully(String reason) {
      StandardJMeterEngine.stopEngine(); // returns at once: JMeter's own graceful shutdown
      for (String id : engines.ids()) {
        // A distributed run's engines, each asked as the controller's Shutdown asks them, off
        // the engine thread: an RMI call may wait on the network.
        Thread t = new Thread(() -> stopRemote(id), "k6bridge-stop-" + id);
        t.setDaemon(true);
        t.start();
      }
    }

    private static void stopRemote(String engine) {
      try {
        new ClientJMeterEngine(engine).stopTest(false);
        LOG.info("k6bridge: asked engine {} to stop its test gracefully", engine);
      } catch (Exception e) {
        LOG.warn("k6bridge: could not ask engine {} to stop: {}", engine, e.toString());
      }
    }

    @Override
    public boolean ownsExitStatus() {
      return K6Listener.ownsExitStatus();
    }
  }

  /**
   * Whether failed thresholds may set this JVM's exit status ({@link ExitStatus}): non-GUI JMeter
   * always exits 0, while k6 exits 99, which CI and jmeter-maven-plugin ("Test failed with exit
   * code") act on. True when this JVM is a non-GUI JMeter started by JMeter's own main, which sets
   * {@code JMeter.NonGui} before loading the plan. Never the GUI, and never a JVM that only embeds
   * JMeter's classes (a unit test, a tool running plans itself): halting those would kill their
   * owner.
   */
  static boolean ownsExitStatus() {
    return Boolean.getBoolean(JMeter.JMETER_NON_GUI) && GuiPackage.getInstance() == null;
  }

  private static Map<String, String> parameters(BackendListenerContext context) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<String> it = context.getParameterNamesIterator(); it.hasNext(); ) {
      String name = it.next();
      out.put(name, context.getParameter(name));
    }
    return out;
  }
}
