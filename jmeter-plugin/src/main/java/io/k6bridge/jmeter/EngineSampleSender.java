package io.k6bridge.jmeter;

import io.k6bridge.telemetry.HealthReading;
import io.k6bridge.telemetry.HealthTicker;
import java.io.Serializable;
import java.rmi.RemoteException;
import java.util.Properties;
import org.apache.jmeter.samplers.RemoteListenerWrapper;
import org.apache.jmeter.samplers.RemoteSampleListener;
import org.apache.jmeter.samplers.RemoteSampleListenerImpl;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.SampleSender;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.LoggerFactory;

/**
 * JMeter's {@code mode} for a distributed run with k6bridge: {@code
 * mode=io.k6bridge.jmeter.EngineSampleSender} on the controller. Each engine then tells the
 * controller, with every result, what only the engine knows: the result's k6 group path (the
 * Transaction Controllers around its sampler, in the engine's test tree), the thread's iteration,
 * its thread group's loop count and, once a second, the engine's own health (CPU, heap, GC,
 * threads, network). The controller's k6bridge listener turns those into {@code iterations}, {@code
 * iteration_duration}, nested groups and each engine's injector telemetry, as in a standalone run.
 *
 * <p>How: JMeter builds one sample sender per remote listener on the controller (ConvertListeners,
 * through SampleSenderFactory, which takes {@code mode} as a class name when it is none of its own)
 * and serializes it to every engine, where {@link #sampleOccurred} runs on the sampler thread, its
 * context at hand. This sender wraps the sender of the mode {@value #RELAY_MODE} names (default
 * {@code StrippedBatch}: batching, limits and stripping stay JMeter's own) and hands it a {@link
 * Event}: the same result, thread group and sample variables, plus the engine's facts, one event
 * per result whichever listener sends it. Back on the controller, a receiver of its own puts the
 * event where the listener's {@link #received()} finds it on the RMI thread that delivers it. Other
 * listeners see ordinary sample events.
 */
public final class EngineSampleSender implements SampleSender, Serializable {
  /** The JMeter mode that sends the engines' results, StrippedBatch unless set. */
  static final String RELAY_MODE = "K6BRIDGE_RELAY_MODE";

  private static final String MODE = "mode";
  private static final long serialVersionUID = 1L;
  private static final ThreadLocal<Event> RECEIVED = new ThreadLocal<>();
  private static final ThreadLocal<EngineThread> THREADS =
      ThreadLocal.withInitial(EngineThread::new);
  private static final HealthTicker HEALTH = new HealthTicker();

  private final RemoteSampleListener listener;
  private final RemoteListenerWrapper relay;

  /** On the controller, for one remote listener, as JMeter's SampleSenderFactory calls it. */
  public EngineSampleSender(RemoteSampleListener listener) throws RemoteException {
    this.listener = listener;
    relay = relay(new RemoteSampleListenerImpl(new Receiver(listener)));
  }

  /**
   * JMeter's own wrapper and sender for {@value #RELAY_MODE}. SampleSenderFactory reads the mode
   * from the properties, so they name that mode while it builds it; no other code reads {@code
   * mode} then (ConvertListeners runs before the test starts).
   */
  private static RemoteListenerWrapper relay(RemoteSampleListener receiver) {
    Properties p = JMeterUtils.getJMeterProperties();
    synchronized (EngineSampleSender.class) {
      String relayMode = p.getProperty(RELAY_MODE, "StrippedBatch").trim();
      if (relayMode.equals(EngineSampleSender.class.getName())) {
        throw new IllegalArgumentException(
            RELAY_MODE + " names a JMeter mode (StrippedBatch, Batch...), not " + relayMode);
      }
      Object own = p.setProperty(MODE, relayMode);
      try {
        return new RemoteListenerWrapper(receiver);
      } finally {
        if (own == null) {
          p.remove(MODE);
        } else {
          p.put(MODE, own);
        }
      }
    }
  }

  @Override
  public void testEnded() {
    relay.testEnded();
  }

  /** On the engine: sends what is left, then tells the listener, as JMeter's senders do. */
  @Override
  public void testEnded(String host) {
    HEALTH.stop();
    relay.testEnded(host);
    try {
      listener.testEnded(host);
    } catch (RemoteException e) {
      LoggerFactory.getLogger(EngineSampleSender.class).error("testEnded(host)", e);
    }
  }

  /** On an engine's sampler thread. */
  @Override
  public void sampleOccurred(SampleEvent e) {
    relay.sampleOccurred(THREADS.get().withFacts(e));
  }

  /** On the controller: the engine's event the calling RMI thread is delivering now, or null. */
  static Event received() {
    return RECEIVED.get();
  }

  /** A result as the engine saw it. */
  static final class Event extends SampleEvent {
    private static final long serialVersionUID = 1L;

    /** The k6 group path: of the sampler's enclosing controllers, or a transaction's own. */
    final String group;

    /** The thread's iteration counter (1-based). */
    final int iteration;

    /** The thread group's loop count, or -1 when infinite or unknown. */
    final int loops;

    /** The engine's latest health reading, on one event a second; null on the others. */
    final HealthReading health;

    Event(SampleEvent e, JMeterVariables vars, String group, int iteration, int loops) {
      super(e.getResult(), e.getThreadGroup(), vars, e.isTransactionSampleEvent());
      this.group = group;
      this.iteration = iteration;
      this.loops = loops;
      this.health = HEALTH.take();
    }
  }

  /**
   * One engine sampler thread's group paths, its thread group's loop count (read once: JMeter keeps
   * it as a property) and its last event, shared by every listener.
   */
  private static final class EngineThread {
    private final GroupPaths paths = new GroupPaths();
    private AbstractThreadGroup threadGroup;
    private int loops;
    private SampleEvent lastIn;
    private SampleEvent lastOut;

    SampleEvent withFacts(SampleEvent e) {
      if (e == lastIn) {
        return lastOut;
      }
      JMeterContext ctx = JMeterContextService.getContext();
      JMeterVariables vars = ctx.getVariables();
      SampleResult r = e.getResult();
      SampleEvent out = e;
      if (r != null && vars != null && ctx.getThread() != null) {
        HEALTH.start();
        String group =
            SampleTranslator.isTransaction(r)
                ? paths.transaction(ctx, r.getSampleLabel())
                : paths.enclosing(ctx);
        if (ctx.getThreadGroup() != threadGroup) {
          threadGroup = ctx.getThreadGroup();
          loops = SampleTranslator.loopsOf(threadGroup);
        }
        out = new Event(e, vars, group, vars.getIteration(), loops);
      }
      lastIn = e;
      lastOut = out;
      return out;
    }
  }

  /**
   * On the controller, between the engines and one remote listener: makes each engine event {@link
   * #received()} while the listener handles it. Only results pass here: JMeter's own wrapper sends
   * the listener its sample start and stop calls, and {@link #testEnded(String)} its end.
   */
  private static final class Receiver implements SampleListener {
    private final RemoteSampleListener listener;

    Receiver(RemoteSampleListener listener) {
      this.listener = listener;
    }

    @Override
    public void sampleOccurred(SampleEvent e) {
      RECEIVED.set(e instanceof Event ? (Event) e : null);
      try {
        listener.sampleOccurred(e); // a local call: this JVM's own object
      } catch (RemoteException x) {
        throw new IllegalStateException(x);
      } finally {
        RECEIVED.remove();
      }
    }

    @Override
    public void sampleStarted(SampleEvent e) {
      // Not sent here (see above).
    }

    @Override
    public void sampleStopped(SampleEvent e) {
      // Not sent here (see above).
    }
  }
}
