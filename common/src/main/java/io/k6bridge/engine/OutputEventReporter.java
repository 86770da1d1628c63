package io.k6bridge.engine;

import io.k6bridge.event.EventLog;
import io.k6bridge.output.OutputEvents;

/**
 * An output's retries and failures, as lifecycle events naming the output; the first failure is
 * kept for the end of the run, where failures make the exit status.
 */
final class OutputEventReporter implements OutputEvents {
  private final EventLog events;
  private final String output;
  private volatile String firstFailure;

  OutputEventReporter(EventLog events, String output) {
    this.events = events;
    this.output = output;
  }

  @Override
  public void retrying(String reason) {
    events.emit(EventLog.OUTPUT_RETRYING, EventLog.fields("output", output, "reason", reason));
  }

  @Override
  public void recovered(String detail) {
    events.emit(EventLog.OUTPUT_RECOVERED, EventLog.fields("output", output, "detail", detail));
  }

  @Override
  public void failed(String reason) {
    if (firstFailure == null) {
      firstFailure = reason;
    }
    events.emit(EventLog.OUTPUT_FAILED, EventLog.fields("output", output, "reason", reason));
  }

  /** The first failure the output reported, or null. */
  String firstFailure() {
    return firstFailure;
  }
}
