package io.k6bridge.metrics;

/** What a metric's values contain (k6's "contains"): plain numbers, milliseconds, or bytes. */
public enum ValueType {
  DEFAULT("default"),
  TIME("time"),
  DATA("data");

  private final String k6Name;

  ValueType(String k6Name) {
    this.k6Name = k6Name;
  }

  public String k6Name() {
    return k6Name;
  }
}
