package io.k6bridge.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.k6bridge.engine.JavaFloor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The Java DSL face of {@link K6Bridge#attach()}. Its Scala builder runs when Gatling builds the
 * scenario: it attaches the bridge, adds its iteration timing to this scenario, and returns {@code
 * next} itself, so no action is added.
 */
final class AttachBuilder implements ActionBuilder {
  private static final AtomicBoolean REFUSAL_SAID = new AtomicBoolean();

  /** Whether this Java runs k6bridge: on an older one the step only passes users on. */
  private final boolean supported;

  AttachBuilder() {
    this(JavaFloor.running());
  }

  /** As on a JVM of feature release {@code javaRelease}. */
  AttachBuilder(int javaRelease) {
    supported =
        javaRelease >= JavaFloor.REQUIRED
            || REFUSAL_SAID.compareAndSet(false, true)
                && JavaFloor.admits(
                    "Gatling", javaRelease, LoggerFactory.getLogger(K6Bridge.class));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        if (supported) {
          Attachment.toScenario(ctx);
        }
        return next;
      }
    };
  }
}
