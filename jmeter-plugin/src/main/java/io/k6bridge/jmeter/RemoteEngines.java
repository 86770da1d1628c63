package io.k6bridge.jmeter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which jmeter-server engine a distributed run's result came from, as the controller sees it.
 * JMeter keeps the Backend Listener on the controller and the engines send it their results over
 * RMI, so the sampler's context is the controller's, empty. What tells an engine's result apart is
 * its thread name: a remote engine names its threads {@code <host:port>-<thread group> <g>-<t>}
 * (AbstractThreadGroup, with the prefix RemoteJMeterEngineImpl sets). Thread-safe: results arrive
 * on RMI threads.
 */
final class RemoteEngines {
  /** The engine a result came from and its thread group (k6's scenario). */
  record Origin(String engine, String scenario) {}

  private final Map<String, Origin> byThreadName = new ConcurrentHashMap<>();

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
}
