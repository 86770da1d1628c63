package io.k6bridge.jmeter;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jmeter-server engines of a distributed run, as the controller sees them. JMeter keeps the
 * Backend Listener on the controller and the engines send it their results over RMI, so the
 * sampler's context is the controller's, empty. What tells an engine's result apart is its thread
 * name: a remote engine names its threads {@code <host:port>-<thread group> <g>-<t>}
 * (AbstractThreadGroup, with the prefix RemoteJMeterEngineImpl sets), and each result carries the
 * engine's active thread count. Thread-safe: results arrive on RMI threads.
 */
final class RemoteEngines {
  /** The engine a result came from and its thread group (k6's scenario). */
  record Origin(String engine, String scenario) {}

  private final Map<String, Origin> byThreadName = new ConcurrentHashMap<>();
  private final Map<String, Integer> activeByEngine = new ConcurrentHashMap<>();
  private final AtomicLong peak = new AtomicLong();

  /** The origin of a result with this thread name, or null for a thread of this JVM. */
  Origin origin(String threadName) {
    if (threadName == null) {
      return null;
    }
    Origin o = byThreadName.get(threadName);
    if (o == null) {
      o = parse(threadName);
      if (o != null) {
        byThreadName.put(threadName, o);
      }
    }
    return o;
  }

  /** {@code host:port-group g-t}: the engine and the group; null for any other name. */
  static Origin parse(String threadName) {
    int colon = threadName.startsWith("[") ? threadName.indexOf("]:") + 1 : threadName.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    int end = colon + 1;
    while (end < threadName.length() && Character.isDigit(threadName.charAt(end))) {
      end++;
    }
    if (end == colon + 1 || end >= threadName.length() || threadName.charAt(end) != '-') {
      return null;
    }
    String thread = threadName.substring(end + 1);
    int numbers = thread.lastIndexOf(' ');
    String group = numbers > 0 ? thread.substring(0, numbers) : thread;
    return new Origin(threadName.substring(0, end), group);
  }

  /** An engine reported {@code threads} active threads with a result. */
  void active(String engine, int threads) {
    Integer before = activeByEngine.put(engine, threads);
    if (before == null || before != threads) {
      long sum = active();
      long p;
      while (sum > (p = peak.get()) && !peak.compareAndSet(p, sum)) {
        // raised by another RMI thread meanwhile: re-read
      }
    }
  }

  /** The engines whose results arrived, as {@code host:port}. */
  Set<String> ids() {
    return activeByEngine.keySet();
  }

  /** Whether any engine's result arrived: the run is distributed. */
  boolean seen() {
    return !activeByEngine.isEmpty();
  }

  /** The fleet's active threads: each engine's latest count, summed (k6's vus). */
  long active() {
    long sum = 0;
    for (int n : activeByEngine.values()) {
      sum += n;
    }
    return sum;
  }

  /** The most active threads the fleet has had (vus_max). */
  long peak() {
    return peak.get();
  }
}
