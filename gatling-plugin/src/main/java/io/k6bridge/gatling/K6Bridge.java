package io.k6bridge.gatling;

import io.gatling.javaapi.core.ActionBuilder;

/**
 * Makes a Gatling run emit k6's metrics through k6bridge's outputs ({@code K6_OUT}). One line, on
 * any one scenario:
 *
 * <pre>{@code
 * scenario("browse").exec(K6Bridge.attach()).exec(http("home").get("/"))
 * }</pre>
 *
 * The step attaches the bridge to the run's stats engine while Gatling builds the scenario, before
 * the first user starts, and adds nothing to the users' path at run time. It works from the Java
 * and Kotlin DSLs as is, and from the Scala DSL as {@code exec(K6Bridge.attach().asScala)}. The
 * javaagent ({@code -javaagent:k6bridge-gatling.jar}) does the same without a code change; using
 * both attaches once.
 */
public final class K6Bridge {
  /** The Gatling versions a real run is tested with; others are checked at start. */
  public static final String TESTED_VERSIONS = "3.14.9 and 3.15.1";

  private K6Bridge() {}

  /** The step that attaches the bridge; it passes users straight to the next step. */
  public static ActionBuilder attach() {
    return new AttachBuilder();
  }
}
