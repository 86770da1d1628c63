package io.k6bridge.registry;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of one test run: k6's built-ins plus custom metrics that adapters register. As in k6,
 * re-registering a name with the same type returns the existing metric and a different type is an
 * error.
 */
public final class MetricRegistry {
  private final ConcurrentHashMap<String, Metric> byName = new ConcurrentHashMap<>();

  public MetricRegistry() {
    for (Metric m : BuiltinMetrics.ALL) {
      byName.put(m.name(), m);
    }
  }

  /** Registers (or returns the existing) custom metric. */
  public Metric register(String name, MetricType type, ValueType contains) {
    Metric existing = byName.get(name);
    if (existing == null) {
      existing = byName.computeIfAbsent(name, n -> new Metric(n, type, contains));
    }
    if (existing.type() != type || existing.contains() != contains) {
      throw new IllegalArgumentException(
          "metric '"
              + name
              + "' is already registered as "
              + existing.type().k6Name()
              + "/"
              + existing.contains().k6Name()
              + ", not "
              + type.k6Name()
              + "/"
              + contains.k6Name());
    }
    return existing;
  }

  /** The metric with that name, or null. */
  public Metric get(String name) {
    return byName.get(name);
  }

  public List<Metric> all() {
    return new ArrayList<>(byName.values());
  }
}
