package io.k6bridge.metrics;

/** k6's four metric types; {@link #k6Name()} is the spelling in every k6 file format. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  RATE("rate"),
  TREND("trend");

  private final String k6Name;

  MetricType(String k6Name) {
    this.k6Name = k6Name;
  }

  public String k6Name() {
    return k6Name;
  }
}
