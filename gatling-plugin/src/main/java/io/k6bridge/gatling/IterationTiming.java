package io.k6bridge.gatling;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.protocol.ProtocolKey;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import scala.Function1;
import scala.Option;
import scala.runtime.BoxedUnit;

/**
 * k6's iteration_duration for Gatling, where one user journey is one iteration: from the user's
 * start, at the timestamp of Gatling's own User-start record, to the user's exit from the scenario,
 * read on the user's own thread from Gatling's own clock (monotonic milliseconds anchored to the
 * wall clock at start, which is what Gatling stamps its records with).
 *
 * <p>Stats messages carry no user id, so the start is carried by the user's session: Gatling runs a
 * scenario's {@code onStart} and then logs the User start, synchronously on the same event loop
 * ({@code Workload.startUser}). {@link #started} puts a {@link Start} in the session and marks it
 * as awaiting that thread's next User-start message; {@link #startLogged} fills in its timestamp.
 * Gatling runs {@code onExit} when the user reaches the scenario's end ({@code Exit.execute}),
 * where {@link #exited} records the iteration. Gatling's simulation.log stamps the User end later,
 * when its injector actor processes the user's end: its durations are longer by that queueing.
 *
 * <p>The hooks are Gatling's public protocol-components contract ({@code onStart}/{@code onExit}),
 * added to scenarios carrying {@code K6Bridge.attach()}, or to every scenario under the javaagent.
 * One allocation per user (the session copy and the holder), none per request.
 */
final class IterationTiming {
  /** The session attribute holding the user's {@link Start}. */
  static final String ATTRIBUTE = "k6bridge.iteration";

  private static final ThreadLocal<Start> AWAITING_START_RECORD = new ThreadLocal<>();

  private IterationTiming() {}

  /** One user's journey. Touched only by the user's own event-loop thread. */
  static final class Start {
    final K6DataWriter writer;
    long millis = -1;
    boolean ended;

    Start(K6DataWriter writer) {
      this.writer = writer;
    }
  }

  /** A scenario's onStart: once per user, whichever of the agent and the DSL line runs first. */
  static Session started(Session session, K6DataWriter writer) {
    if (session.contains(ATTRIBUTE)) {
      return session;
    }
    Start start = new Start(writer);
    AWAITING_START_RECORD.set(start);
    return session.set(ATTRIBUTE, start);
  }

  /** Gatling's User-start record, on the thread that just ran {@link #started}. */
  static void startLogged(long millis) {
    Start start = AWAITING_START_RECORD.get();
    if (start != null) {
      start.millis = millis;
      AWAITING_START_RECORD.set(null);
    }
  }

  /** A scenario's onExit: the user has reached the end of its journey. */
  static void exited(Session session) {
    Option<Object> held = session.attributes().get(ATTRIBUTE);
    if (held.isDefined() && held.get() instanceof Start) {
      Start start = (Start) held.get();
      if (!start.ended && start.millis >= 0) {
        start.ended = true;
        start.writer.iterationEnded(session.scenario(), start.millis, start.writer.nowMillis());
      }
    }
  }

  /**
   * Adds the bridge's protocol components to the scenario being built: Gatling folds the onStart of
   * every component registered by then (after the scenario's actions are built) into the scenario,
   * and calls every component's onExit.
   */
  static void addTo(ScenarioContext ctx, K6DataWriter writer) {
    ctx.protocolComponentsRegistry().components(new Key(writer));
  }

  /** Not a protocol a user configures: only the carrier of the bridge's onStart and onExit. */
  static final class Bridge implements Protocol {}

  record Components(K6DataWriter writer) implements ProtocolComponents {
    @Override
    public Function1<Session, Session> onStart() {
      return session -> started(session, writer);
    }

    @Override
    public Function1<Session, BoxedUnit> onExit() {
      return session -> {
        exited(session);
        return BoxedUnit.UNIT;
      };
    }
  }

  /**
   * Equal for one writer (K6DataWriter keeps identity equality), so a scenario gets the components
   * once however often attach() runs.
   */
  record Key(K6DataWriter writer) implements ProtocolKey<Bridge, Components> {
    @Override
    @SuppressWarnings("unchecked")
    public Class<Protocol> protocolClass() {
      return (Class<Protocol>) (Class<?>) Bridge.class;
    }

    @Override
    public Bridge defaultProtocolValue(GatlingConfiguration configuration) {
      return new Bridge();
    }

    @Override
    public Function1<Bridge, Components> newComponents(CoreComponents coreComponents) {
      return protocol -> new Components(writer);
    }
  }
}
