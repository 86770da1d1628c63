package io.k6bridge.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;

/**
 * The Java DSL face of {@link K6Bridge#attach()}. Its Scala builder runs when Gatling builds the
 * scenario: it attaches the bridge, adds its iteration timing to this scenario, and returns {@code
 * next} itself, so no action is added.
 */
final class AttachBuilder implements ActionBuilder {
  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        Attachment.toScenario(ctx);
        return next;
      }
    };
  }
}
