package io.k6bridge.engine;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.PeriodicFlusher;
import io.k6bridge.output.builtin.SampleBuffer;
import java.time.Duration;

/**
 * A third-party output behind its own bounded buffer and thread. The engine thread only copies each
 * batch into the buffer; the plug-in's {@code addMetricSamples} runs on the delivery thread. A
 * plug-in that blocks or hangs there fills its own buffer, whose overflow is counted as its drops,
 * while every other output keeps receiving everything; one that throws has that batch counted as
 * dropped and keeps receiving the next ones. One still hung when the engine's stop deadline passes
 * has whatever it still holds, buffered or inside the hung call, counted too.
 */
final class IsolatedOutput {
  /** As often as the engine itself drains, so an isolated output sees samples no later. */
  private static final Duration DELIVERY_PERIOD = Duration.ofMillis(50);

  private final String name;
  private final Output output;
  private final SampleBuffer buffer;
  final DropCounter full;
  final DropCounter failed;
  final DropCounter abandoned;
  private volatile PeriodicFlusher delivery;

  /**
   * @param full counts what did not fit in the buffer (the plug-in is slower than samples arrive)
   * @param failed counts the samples of calls that threw
   * @param abandoned counts what was still buffered or in a call when the stop deadline passed
   */
  IsolatedOutput(
      String name,
      Output output,
      long maxSamples,
      DropCounter full,
      DropCounter failed,
      DropCounter abandoned) {
    this.name = name;
    this.output = output;
    this.buffer = SampleBuffer.bounded(maxSamples, full);
    this.full = full;
    this.failed = failed;
    this.abandoned = abandoned;
  }

  /** Starts the delivery thread; the plug-in's own start is the engine's to call. */
  void startDelivery() {
    delivery =
        PeriodicFlusher.start(
            "k6bridge-output-" + name, DELIVERY_PERIOD, buffer, output::addMetricSamples, failed);
  }

  /** On the engine thread: a copy into the buffer, never a call into the plug-in. */
  void add(SampleBatch batch) {
    buffer.addMetricSamples(batch);
  }

  /** Delivers what is buffered, then ends the thread; blocks while the plug-in hangs. */
  void stopDelivery() throws InterruptedException {
    if (delivery != null) {
      delivery.stop();
    }
  }

  /**
   * Called once, when the engine gives up waiting for this output at the stop deadline: counts
   * every sample the buffer accepted that the plug-in has not finished with. Should the hung call
   * return later, its samples were still counted: the run's report is final at the deadline.
   */
  void abandon() {
    PeriodicFlusher d = delivery;
    abandoned.add(buffer.accepted() - (d == null ? 0 : d.handled()));
  }
}
