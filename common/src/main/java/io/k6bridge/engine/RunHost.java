package io.k6bridge.engine;

import io.k6bridge.event.RunContext;

/**
 * What a tool adapter tells the run about its tool, so that the run's wiring (the vus gauges, the
 * plan's name in events, a graceful stop when a threshold aborts, the summary and the exit status
 * at the end) is written once ({@link MetricsEngine#start(RunHost)}, {@link
 * MetricsEngine#finish(RunHost)}) and the adapter only translates results.
 */
public interface RunHost {
  /** The tool's name as its users know it ("JMeter", "Gatling"), for messages. */
  String tool();

  /** The plan or simulation that runs, for lifecycle events; null when unknown. */
  String plan();

  /** {@link RunContext#STANDALONE} (the default) or another role in a distributed run. */
  default String role() {
    return RunContext.STANDALONE;
  }

  /** The users (threads) running now: k6's {@code vus}. */
  long activeUsers();

  /** The users the test can run at most: k6's {@code vus_max}. */
  long maxUsers();

  /**
   * Ends the test early, gracefully (samples in flight finish), for {@code reason}. Called once, on
   * the engine's or an output's thread: it must return at once.
   */
  void stopGracefully(String reason);

  /**
   * Whether this JVM is the tool's own (its non-GUI main), so the run may set its exit status; in a
   * GUI, an IDE or a test that embeds the tool, failures are only logged.
   */
  boolean ownsExitStatus();
}
