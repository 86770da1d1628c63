package io.k6bridge.testplans.gatling;

/** The run with the one-line {@code K6Bridge.attach()}. */
public final class AttachSimulation extends LoopbackSimulation {
  public AttachSimulation() {
    super(true);
  }
}
