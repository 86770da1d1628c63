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
 * both attaches once. Like the agent, it is Java 11 bytecode: on a Java older than 17 it says so
 * once and the simulation runs on without k6bridge.
 */
public final class K6Bridge {
  private K6Bridge() {}

  /** The step that attaches the bridge; it passes users straight to the next step. */
  public static ActionBuilder attach() {
    return new AttachBuilder();
  }
}
