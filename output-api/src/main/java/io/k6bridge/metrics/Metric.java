package io.k6bridge.metrics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named k6 metric. Immutable; one instance per name inside the run's metric registry, so outputs
 * may compare metrics by identity.
 */
public final class Metric {
  /** k6's own rule (metrics/registry.go). */
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]{1,128}$");

  private final String name;
  private final MetricType type;
  private final ValueType contains;
  private final boolean builtin;

  /**
   * A custom metric (a user's or a tool's own). The run's metric registry makes one per name; a
   * metric made elsewhere is unknown to the run.
   *
   * @throws IllegalArgumentException for a name k6 would refuse
   */
  public Metric(String name, MetricType type, ValueType contains) {
    this(name, type, contains, false);
  }

  Metric(String name, MetricType type, ValueType contains, boolean builtin) {
    if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException(
          "invalid metric name '" + name + "': k6 accepts names matching " + NAME.pattern());
    }
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.contains = Objects.requireNonNull(contains, "contains");
    this.builtin = builtin;
  }

  public String name() {
    return name;
  }

  public MetricType type() {
    return type;
  }

  public ValueType contains() {
    return contains;
  }

  /** True for k6's built-in metrics, false for custom ones (the web dashboard flags the latter). */
  public boolean builtin() {
    return builtin;
  }

  @Override
  public String toString() {
    return name + "(" + type.k6Name() + "/" + contains.k6Name() + ")";
  }
}
