package io.k6bridge.gatling;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import scala.Option;
import scala.collection.immutable.List;
import scala.collection.immutable.Seq;

/**
 * Every Gatling internal k6bridge relies on, by name, in one place. Gatling has no public
 * data-writer plug-in point, so the bridge appends its own writer to the private {@code
 * dataWriters} of {@code DataWritersStatsEngine} and reads the private {@code DataWriterMessage}
 * case classes through their accessors. All of it is resolved once by {@link #resolve}; if any
 * piece is missing (another Gatling version, Gatling Enterprise's engine) the bridge stays out of
 * the run instead of failing it.
 *
 * <p>Accessors are method handles typed {@code (Object)T}: reading a long or boolean field costs no
 * boxing, unlike {@code scala.Product.productElement}.
 */
final class GatlingInternals {
  /** The Gatling versions a real run is tested with; others are checked at start. */
  static final String TESTED_VERSIONS = "3.14.9 and 3.15.1";

  static final String STATS_ENGINE = "io.gatling.core.stats.DataWritersStatsEngine";
  static final String DATA_WRITERS = "dataWriters";
  static final String ACTOR_REF = "io.gatling.core.actor.ActorRef";

  /** Built once per run with the stats engine and the controller. */
  static final String CORE_COMPONENTS = "io.gatling.core.CoreComponents";

  /**
   * Built for each scenario before its actions, then read for its protocol components' onStart and
   * onExit; the agent hooks its constructor.
   */
  static final String SCENARIO_CONTEXT = "io.gatling.core.structure.ScenarioContext";

  /**
   * What {@code stopLoadGenerator} (the DSL's {@code stopLoadGenerator}/{@code
   * stopLoadGeneratorIf}) sends the controller: a graceful stop, with the message logged.
   */
  static final String STOP_LOAD_GENERATOR =
      "io.gatling.core.controller.Controller$Command$StopLoadGenerator";

  /**
   * The run's description (simulation class name, id, start). Gatling passes it to its own data
   * writers' constructors only: {@code DataWriterMessage.Init} carries nothing (3.14, 3.15), so the
   * bridge reads it from those writers, behind their actor references.
   */
  static final String RUN_MESSAGE = "io.gatling.core.stats.writer.RunMessage";

  static final String ACTOR_REF_IMPL = "io.gatling.core.actor.AtomicRunnableActorRef";

  /**
   * Gatling's own writers that keep the run message in a field (the console and simulation.log).
   */
  static final java.util.List<String> RUN_MESSAGE_WRITERS =
      java.util.List.of(
          "io.gatling.core.stats.writer.ConsoleDataWriter",
          "io.gatling.core.stats.writer.LogFileDataWriter");

  private static final String MESSAGE = "io.gatling.core.stats.writer.DataWriterMessage$";
  static final String RESPONSE = MESSAGE + "LoadEvent$Response";
  static final String USER = MESSAGE + "LoadEvent$User";
  static final String GROUP = MESSAGE + "LoadEvent$Group";
  static final String ERROR = MESSAGE + "LoadEvent$Error";
  static final String STOP = MESSAGE + "Stop";

  final Class<?> statsEngine;
  private final Field dataWriters;
  private final MethodHandle coreComponents;
  private final MethodHandle statsEngineOfComponents;
  private final MethodHandle controllerOfComponents;
  private final MethodHandle stopLoadGenerator;
  private final Class<?> actorRefImpl;
  private final Field actorOfRef;
  private final java.util.Map<Class<?>, Field> runMessageOfWriter = new java.util.HashMap<>();
  private final MethodHandle simulationClassName;

  final Class<?> response;
  final MethodHandle responseScenario;
  final MethodHandle responseGroups;
  final MethodHandle responseName;
  final MethodHandle responseStart;
  final MethodHandle responseEnd;
  final MethodHandle responseStatus;
  final MethodHandle responseCode;
  final MethodHandle responseMessage;

  final Class<?> user;
  final MethodHandle userScenario;
  final MethodHandle userTimestamp;
  final MethodHandle userStart;

  final Class<?> group;
  final MethodHandle groupScenario;
  final MethodHandle groupGroups;
  final MethodHandle groupStart;
  final MethodHandle groupEnd;

  final Class<?> error;
  final MethodHandle errorMessage;
  final MethodHandle errorTimestamp;

  final Class<?> stop;
  final MethodHandle stopPromise;

  private GatlingInternals(ClassLoader loader) throws ReflectiveOperationException {
    statsEngine = Class.forName(STATS_ENGINE, false, loader);
    dataWriters = instanceField(statsEngine, DATA_WRITERS, Seq.class);
    Class.forName(ACTOR_REF, false, loader);
    Class<?> components = Class.forName(CORE_COMPONENTS, false, loader);
    coreComponents =
        getter(Class.forName(SCENARIO_CONTEXT, false, loader), "coreComponents", components);
    statsEngineOfComponents =
        getter(
            components,
            "statsEngine",
            Class.forName("io.gatling.core.stats.StatsEngine", false, loader));
    controllerOfComponents =
        getter(components, "controller", Class.forName(ACTOR_REF, false, loader));
    stopLoadGenerator =
        MethodHandles.publicLookup()
            .findConstructor(
                Class.forName(STOP_LOAD_GENERATOR, false, loader),
                MethodType.methodType(void.class, String.class, boolean.class))
            .asType(MethodType.methodType(Object.class, String.class, boolean.class));
    actorRefImpl = Class.forName(ACTOR_REF_IMPL, false, loader);
    actorOfRef =
        instanceField(
            actorRefImpl, "actor", Class.forName("io.gatling.core.actor.Actor", false, loader));
    Class<?> runMessage = Class.forName(RUN_MESSAGE, false, loader);
    for (String writer : RUN_MESSAGE_WRITERS) {
      Class<?> w = Class.forName(writer, false, loader);
      runMessageOfWriter.put(w, instanceField(w, "runMessage", runMessage));
    }
    simulationClassName = getter(runMessage, "simulationClassName", String.class);

    response = Class.forName(RESPONSE, false, loader);
    responseScenario = getter(response, "scenario", String.class);
    responseGroups = getter(response, "groupHierarchy", List.class);
    responseName = getter(response, "name", String.class);
    responseStart = getter(response, "startTimestamp", long.class);
    responseEnd = getter(response, "endTimestamp", long.class);
    responseStatus = getter(response, "status", Object.class);
    responseCode = getter(response, "responseCode", Option.class);
    responseMessage = getter(response, "message", Option.class);

    user = Class.forName(USER, false, loader);
    userScenario = getter(user, "scenario", String.class);
    userTimestamp = getter(user, "timestamp", long.class);
    userStart = getter(user, "start", boolean.class);

    group = Class.forName(GROUP, false, loader);
    groupScenario = getter(group, "scenario", String.class);
    groupGroups = getter(group, "groupHierarchy", List.class);
    groupStart = getter(group, "startTimestamp", long.class);
    groupEnd = getter(group, "endTimestamp", long.class);

    error = Class.forName(ERROR, false, loader);
    errorMessage = getter(error, "message", String.class);
    errorTimestamp = getter(error, "timestamp", long.class);

    stop = Class.forName(STOP, false, loader);
    stopPromise = getter(stop, "stopPromise", scala.concurrent.Promise.class);
  }

  /**
   * Resolves every internal from the class loader that loaded Gatling.
   *
   * @throws ReflectiveOperationException naming the first missing piece
   */
  static GatlingInternals resolve(ClassLoader loader) throws ReflectiveOperationException {
    return new GatlingInternals(loader);
  }

  /** The core components behind a scenario context: what {@code K6Bridge.attach()} attaches to. */
  Object coreComponentsOf(Object scenarioContext) {
    return read(coreComponents, "the core components", scenarioContext);
  }

  Object statsEngineOf(Object coreComponents) {
    return read(statsEngineOfComponents, "the stats engine", coreComponents);
  }

  Object controllerOf(Object coreComponents) {
    return read(controllerOfComponents, "the controller", coreComponents);
  }

  private static Object read(MethodHandle getter, String what, Object from) {
    try {
      return getter.invoke(from);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read " + what + ": " + e, e);
    }
  }

  /**
   * Asks Gatling's controller to stop the run gracefully, as the DSL's {@code stopLoadGenerator}
   * does: Gatling logs "Load Generator was forcefully stopped: {@code reason}", stops the stats
   * engine (so the bridge flushes), writes its reports and exits normally.
   */
  @SuppressWarnings("unchecked")
  void stopLoadGenerator(Object controller, String reason) {
    try {
      ((io.gatling.core.actor.ActorRef<Object>) controller)
          .$bang(stopLoadGenerator.invokeExact(reason, false));
    } catch (Throwable e) {
      throw new IllegalStateException("cannot stop the simulation: " + e, e);
    }
  }

  /**
   * The simulation's class name from the run message Gatling's own console or file writer was built
   * with; null when the run has neither (gatling.conf {@code data.writers = []}).
   */
  String simulationName(Object statsEngine) {
    try {
      for (scala.collection.Iterator<?> refs = ((Seq<?>) dataWriters.get(statsEngine)).iterator();
          refs.hasNext(); ) {
        Object ref = refs.next();
        if (ref.getClass() != actorRefImpl) {
          continue;
        }
        Object actor = actorOfRef.get(ref);
        Field runMessage = runMessageOfWriter.get(actor.getClass());
        if (runMessage != null) {
          return (String) simulationClassName.invokeExact(runMessage.get(actor));
        }
      }
      return null;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read the simulation's name: " + e, e);
    }
  }

  boolean isDataWritersEngine(Object engine) {
    return statsEngine.isInstance(engine);
  }

  /** Appends {@code writer} to the engine's data writers; call before the engine starts. */
  @SuppressWarnings("unchecked")
  void addDataWriter(Object engine, Object writer) throws IllegalAccessException {
    Seq<Object> writers = (Seq<Object>) dataWriters.get(engine);
    dataWriters.set(engine, writers.appended(writer));
  }

  /** A private instance field of {@code type}, made readable and writable. */
  private static Field instanceField(Class<?> owner, String name, Class<?> type)
      throws NoSuchFieldException {
    Field f = owner.getDeclaredField(name);
    if (!type.isAssignableFrom(f.getType()) || Modifier.isStatic(f.getModifiers())) {
      throw new NoSuchFieldException(
          owner.getName() + "." + name + " is not an instance " + type.getName());
    }
    f.setAccessible(true);
    return f;
  }

  /** A no-argument accessor as a handle of type {@code (Object)returned}. */
  private static MethodHandle getter(Class<?> owner, String name, Class<?> returned)
      throws ReflectiveOperationException {
    MethodHandle h =
        MethodHandles.publicLookup()
            .findVirtual(owner, name, MethodType.methodType(owner.getMethod(name).getReturnType()));
    if (!returned.isAssignableFrom(h.type().returnType())) {
      String actual = h.type().returnType().getName();
      throw new NoSuchMethodException(
          String.format(
              "%s.%s() returns %s, expected %s",
              owner.getName(), name, actual, returned.getName()));
    }
    return h.asType(MethodType.methodType(returned, Object.class));
  }
}
