package io.k6bridge.engine;

import io.k6bridge.event.EventLog;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.WithStopWithTestError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output with the name it was configured under, its own failure accounting, and, for a plug-in,
 * the isolation it runs behind.
 */
final class NamedOutput {
  private static final Logger LOG = LoggerFactory.getLogger(NamedOutput.class);

  final String name;
  final Output output;
  final IsolatedOutput isolated;
  final OutputEventReporter reporter;
  final DropCounter errorDrops;

  /** Fed through the engine's fan-out instead of {@link Output#addMetricSamples}. */
  boolean routed;

  // Engine thread only; read at stop, after it ended.
  private boolean failed;
  private String firstError;

  NamedOutput(String name, Output output, IsolatedOutput isolated, OutputEventReporter reporter) {
    this.name = name;
    this.output = output;
    this.isolated = isolated;
    this.reporter = reporter;
    this.errorDrops = new DropCounter(name + ": output threw while accepting samples");
  }

  /** Hands a batch to an output that is not routed: its isolation, or the output itself. */
  void deliver(SampleBatch batch, EventLog events) {
    if (isolated != null) {
      isolated.add(batch);
      return;
    }
    try {
      output.addMetricSamples(batch);
    } catch (Throwable e) {
      // Errors too (a LinkageError from a badly packaged output): letting one end the engine
      // thread would stop every output and leave samples undelivered and uncounted.
      errorDrops.add(batch.size());
      if (!failed) {
        failed = true;
        firstError = e.toString();
        LOG.error(
            "k6bridge: output {} failed to accept samples; counting them as dropped: {}",
            name,
            events.mask(e.toString()));
        LOG.debug("k6bridge: output {} failed here", name, e);
        events.emit(
            EventLog.OUTPUT_FAILED, EventLog.fields("output", name, "reason", e.toString()));
      }
    }
  }

  /** What went wrong while the test ran, or null: thrown, isolated failures, or reported. */
  void addRunFailures(java.util.List<String> failures) {
    if (failed) {
      failures.add(name + ": failed to accept samples: " + firstError);
    }
    if (isolated != null && isolated.failed.count() > 0) {
      failures.add(isolated.failed.what()); // names the output
    }
    String reported = reporter.firstFailure();
    if (reported != null) {
      failures.add(name + ": " + reported);
    }
  }

  /** Delivers what a plug-in still has buffered, then stops the output. */
  void stop(Exception testError) throws Exception {
    if (isolated != null) {
      isolated.stopDelivery();
    }
    if (output instanceof WithStopWithTestError) {
      ((WithStopWithTestError) output).stopWithTestError(testError);
    } else {
      output.stop();
    }
  }
}
