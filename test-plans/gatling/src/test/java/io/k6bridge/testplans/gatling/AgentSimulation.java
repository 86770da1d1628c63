package io.k6bridge.testplans.gatling;

/** The same run with no k6bridge code: the javaagent attaches the bridge. */
public final class AgentSimulation extends LoopbackSimulation {
  public AgentSimulation() {
    super(false);
  }
}
