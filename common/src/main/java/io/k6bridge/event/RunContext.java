package io.k6bridge.event;

import io.k6bridge.metrics.TagSet;

/**
 * What every lifecycle event says about the run it belongs to: the run tags (testid among them),
 * the plan or simulation name, the injector id, and the injector's role in a distributed run.
 * Immutable.
 */
public final class RunContext {
  /** A JMeter run not started by a controller, or a Gatling run. */
  public static final String STANDALONE = "standalone";

  /** A JMeter remote engine ({@code jmeter-server}) started by a controller. */
  public static final String REMOTE_ENGINE = "remote-engine";

  private final TagSet tags;
  private final String plan;
  private final String injector;
  private final String role;

  public RunContext(TagSet tags, String plan, String injector, String role) {
    this.tags = tags;
    this.plan = plan;
    this.injector = injector;
    this.role = role;
  }

  /** The same context with the adapter's plan name and role (either may be null: unknown). */
  public RunContext describedAs(String plan, String role) {
    return new RunContext(tags, plan, injector, role);
  }

  public TagSet tags() {
    return tags;
  }

  /** The run's testid tag, or null. */
  public String testid() {
    return tags.get("testid");
  }

  /** The JMeter plan or Gatling simulation, or null when the adapter did not say. */
  public String plan() {
    return plan;
  }

  public String injector() {
    return injector;
  }

  /** {@link #STANDALONE}, {@link #REMOTE_ENGINE}, or null when unknown. */
  public String role() {
    return role;
  }
}
