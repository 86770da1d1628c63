package io.k6bridge.gatling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GatlingMainTest {
  private static StackTraceElement[] stack(String outermostClass) {
    return new StackTraceElement[] {
      new StackTraceElement("io.gatling.app.Runner", "load", null, 1),
      new StackTraceElement("io.gatling.app.Gatling$", "main", null, 1),
      new StackTraceElement(outermostClass, "main", null, 1)
    };
  }

  @Test
  void ownsTheExitStatusOfGatlingsOwnJvm() {
    assertTrue(GatlingMain.ownsExitStatus(stack("io.gatling.app.Gatling")));
    assertTrue(GatlingMain.ownsExitStatus(stack("io.gatling.plugin.util.ForkMain")));
  }

  @Test
  void leavesASharedJvmAlone() {
    assertFalse(
        GatlingMain.ownsExitStatus(stack("org.codehaus.plexus.classworlds.launcher.Launcher")));
    assertFalse(GatlingMain.ownsExitStatus(stack("com.example.IdeEngine")));
    assertFalse(GatlingMain.ownsExitStatus(new StackTraceElement[0]));
  }
}
