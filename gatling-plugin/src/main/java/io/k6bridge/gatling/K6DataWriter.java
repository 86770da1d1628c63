package io.k6bridge.gatling;

import io.gatling.core.actor.ActorRef;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.engine.UserCount;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Promise;
import scala.concurrent.duration.FiniteDuration;
import scala.runtime.BoxedUnit;

/**
 * The bridge as one of Gatling's data writers. {@code DataWritersStatsEngine} calls {@link #$bang}
 * on Gatling's event-loop threads for every stats message: the message is translated into that
 * thread's lock-free sample buffer and nothing else happens there (no lock, no I/O, no blocking).
 *
 * <p>On {@code Stop}, a separate thread drains and stops every output, bounded by
 * K6BRIDGE_STOP_TIMEOUT, and only then completes Gatling's stop promise: Gatling waits for it, so
 * the JVM does not exit before the data is out. The promise comes from this writer's own {@link
 * #replyPromise}, which carries no timeout of its own: the engine's bound is the only one. The
 * run's end ({@link io.k6bridge.engine.MetricsEngine#finish}: k6's summary, the exit status)
 * happens before that.
 */
final class K6DataWriter implements ActorRef<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(K6DataWriter.class);

  private final GatlingInternals in;
  private final MetricsEngine engine;
  private final GatlingSeries factory;
  private final UserCount users;
  private final Consumer<Runnable> finish;
  private final LongSupplier clock;
  private final ThreadLocal<MessageTranslator> translators = new ThreadLocal<>();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private volatile boolean stopped;

  K6DataWriter(
      GatlingInternals in,
      MetricsEngine engine,
      GatlingSeries factory,
      UserCount users,
      Consumer<Runnable> finish,
      LongSupplier clock) {
    this.in = in;
    this.engine = engine;
    this.factory = factory;
    this.users = users;
    this.finish = finish;
    this.clock = clock;
  }

  /** Gatling's clock, in milliseconds: the one its records are stamped with. */
  long nowMillis() {
    return clock.getAsLong();
  }

  @Override
  public void $bang(Object message) {
    if (message.getClass() == in.stop) {
      stop(message);
      return;
    }
    if (stopped) {
      return;
    }
    try {
      translator().translate(message);
    } catch (Throwable e) {
      // Never let the bridge break Gatling's event loop; say it once.
      if (failureLogged.compareAndSet(false, true)) {
        LOG.error(
            "k6bridge: could not translate a Gatling {} message; k6 metrics are incomplete",
            message.getClass().getSimpleName(),
            e);
      }
    }
  }

  /** A user's journey ended ({@link IterationTiming}), on the user's event-loop thread. */
  void iterationEnded(String scenario, long startMillis, long endMillis) {
    if (!stopped) {
      translator().iteration(scenario, startMillis, endMillis);
    }
  }

  private MessageTranslator translator() {
    MessageTranslator t = translators.get();
    if (t == null) {
      t = new MessageTranslator(in, factory, engine.writer(), users);
      translators.set(t);
    }
    return t;
  }

  private void stop(Object message) {
    stopped = true;
    Promise<Object> promise;
    try {
      @SuppressWarnings("unchecked")
      Promise<Object> p = (Promise<Object>) (Promise<?>) in.stopPromise.invokeExact(message);
      promise = p;
    } catch (Throwable e) {
      LOG.error("k6bridge: cannot read Gatling's stop promise", e);
      return;
    }
    // Bounded by K6BRIDGE_STOP_TIMEOUT: the summary, the exit status.
    finish.accept(() -> promise.trySuccess(BoxedUnit.UNIT));
  }

  @Override
  public String name() {
    return "k6bridge";
  }

  /** A plain promise: the flush it waits for is bounded by K6BRIDGE_STOP_TIMEOUT. */
  @Override
  public <R> Promise<R> replyPromise(FiniteDuration timeout) {
    return Promise.apply();
  }
}
