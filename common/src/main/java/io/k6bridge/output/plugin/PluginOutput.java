package io.k6bridge.output.plugin;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.output.builtin.PeriodicFlusher;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.plugin.proto.AddMetricsRequest;
import io.k6bridge.output.plugin.proto.Empty;
import io.k6bridge.output.plugin.proto.Info;
import io.k6bridge.output.plugin.proto.InitRequest;
import io.k6bridge.output.plugin.proto.InitResponse;
import io.k6bridge.output.plugin.proto.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * A k6 output plug-in (xk6-output-plugin) hosted as k6 hosts it: started with the test, {@code
 * Init} with the environment, {@code Start}, then every flush period (the plug-in's {@code
 * buffering}, else 1 s) {@code AddMetrics} for metrics not yet announced and {@code AddSamples}
 * with the period's samples, and at the end a last flush, {@code Stop} and shutdown.
 *
 * <p><b>Isolation:</b> the engine thread only copies samples into a bounded buffer. The plug-in is
 * started, called and stopped on threads of its own, and every call has a deadline
 * (K6BRIDGE_PLUGIN_CALL_TIMEOUT): a plug-in that does not start (within
 * K6BRIDGE_PLUGIN_START_TIMEOUT), exits, hangs or fails a call never stops or slows the test. What
 * it did not take is counted as lost, logged once per kind of failure, reported as an {@code
 * output_failed} event and in the run's report, with the plug-in's exit status and last words.
 */
final class PluginOutput implements Output, WithThresholds {
  private static final Logger LOG = PluginLog.LOG;
  private static final String OUTPUT = "xk6_output_plugin.output.Output/";
  private static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
  private static final Duration MIN_PERIOD = Duration.ofMillis(200);

  private final PluginCommand command;
  private final Path directory;
  private final SampleBuffer buffer;
  private final DropCounter lost;
  private final Duration startTimeout;
  private final Duration callTimeout;
  private final OutputEvents events;
  private final Map<String, String> environment;
  private final Map<String, List<String>> builtinSubmetrics;
  private final PluginMessages messages = new PluginMessages();
  private final PluginProcess process;
  private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();
  private volatile GrpcChannel channel;
  private volatile String failure;
  private volatile PeriodicFlusher flusher;
  private Thread launcher;

  PluginOutput(
      PluginCommand command,
      Path directory,
      SampleBuffer buffer,
      DropCounter lost,
      Duration startTimeout,
      Duration callTimeout,
      OutputEvents events,
      Map<String, String> environment,
      Map<String, List<String>> builtinSubmetrics) {
    this.command = command;
    this.directory = directory;
    this.buffer = buffer;
    this.lost = lost;
    this.startTimeout = startTimeout;
    this.callTimeout = callTimeout;
    this.events = events;
    this.environment = environment;
    this.builtinSubmetrics = builtinSubmetrics;
    this.process = new PluginProcess(command);
    messages.thresholds(List.of(), builtinSubmetrics);
  }

  @Override
  public String description() {
    return "plugin (" + command.name() + ")";
  }

  @Override
  public void setThresholds(List<ThresholdDefinition> thresholds) {
    messages.thresholds(thresholds, builtinSubmetrics);
  }

  /** Returns at once: the plug-in starts on its own thread while samples wait in the buffer. */
  @Override
  public void start() {
    launcher = new Thread(this::launch, "k6bridge-plugin-" + command.name() + "-start");
    launcher.setDaemon(true);
    launcher.start();
  }

  private void launch() {
    try {
      GrpcChannel c = process.start(directory, startTimeout, this::failed);
      InitRequest init =
          InitRequest.newBuilder()
              .setParams(Params.newBuilder().putAllEnvironment(environment))
              .build();
      Info info = c.call(OUTPUT + "Init", init, InitResponse.parser(), callTimeout).getInfo();
      Duration period =
          info.getBuffering() == 0 ? DEFAULT_PERIOD : Duration.ofMillis(info.getBuffering());
      if (period.compareTo(MIN_PERIOD) < 0) {
        LOG.warn(
            "k6bridge: plugin={}: the requested buffering period ({} ms) is too small, the"
                + " minimum ({} ms) is used instead",
            command.name(),
            info.getBuffering(),
            MIN_PERIOD.toMillis());
        period = MIN_PERIOD;
      }
      c.call(OUTPUT + "Start", Empty.getDefaultInstance(), Empty.parser(), callTimeout);
      channel = c;
      LOG.info(
          "k6bridge: plugin={}: started ({}), flushing every {} ms",
          command.name(),
          info.getDescription(),
          period.toMillis());
      flusher = PeriodicFlusher.start(launcher.getName(), period, buffer, this::flush, lost);
    } catch (IOException e) {
      failed("could not start: " + e.getMessage());
      try {
        process.kill();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** From the launcher or the process's exit: the first reason wins. */
  private synchronized void failed(String why) {
    if (failure != null) {
      return;
    }
    failure = "plugin " + command.name() + ": " + why;
    LOG.error("k6bridge: {}; its samples are counted as lost from now on", failure);
    events.failed(failure);
    if (flusher == null) {
      flusher =
          PeriodicFlusher.start(launcher.getName(), DEFAULT_PERIOD, buffer, this::flush, lost);
    }
  }

  /** On the engine thread: a copy into the bounded buffer, nothing more. */
  @Override
  public void addMetricSamples(SampleBatch batch) {
    buffer.addMetricSamples(batch);
  }

  /** On the flusher thread: the period's new metrics, then its samples. */
  private void flush(SampleBatch batch) {
    GrpcChannel c = channel;
    if (failure != null || c == null) {
      lost.add(batch.size());
      return;
    }
    try {
      AddMetricsRequest metrics = messages.newMetrics(batch);
      if (metrics.getMetricsCount() > 0) {
        c.call(OUTPUT + "AddMetrics", metrics, Empty.parser(), callTimeout);
      }
    } catch (IOException e) {
      refused("AddMetrics", e, batch.size());
      return;
    }
    int sent = 0;
    for (PluginMessages.Chunk r : messages.samples(batch)) {
      try {
        c.call(OUTPUT + "AddSamples", r.request(), Empty.parser(), callTimeout);
        sent += r.samples();
      } catch (IOException e) {
        refused("AddSamples", e, batch.size() - sent);
        return;
      }
    }
  }

  /** A call that failed: its samples are lost, as in k6, and said once per kind of failure. */
  private void refused(String call, IOException e, int samples) {
    lost.add(samples);
    String kind = call + " " + e.getClass().getSimpleName();
    if (loggedFailures.add(kind)) {
      LOG.warn(
          "k6bridge: plugin={}: {} failed, its {} samples are lost (said once): {}",
          command.name(),
          call,
          samples,
          e.getMessage());
    }
  }

  /**
   * The last flush, {@code Stop}, then the process's end. A plug-in still starting is stopped; what
   * it never took is counted. Throws when the plug-in failed during the run, so the run's report
   * lists it.
   */
  @Override
  public void stop() throws Exception {
    if (launcher == null) {
      return;
    }
    launcher.join(callTimeout.toMillis());
    if (launcher.isAlive()) {
      failed("still starting at the end of the test");
      process.kill();
    }
    PeriodicFlusher f = flusher;
    if (f != null) {
      f.stop();
    }
    lost.add(buffer.drain().size());
    GrpcChannel c = channel;
    if (c != null && failure == null) {
      try {
        c.call(OUTPUT + "Stop", Empty.getDefaultInstance(), Empty.parser(), callTimeout);
      } catch (IOException e) {
        failure = "plugin " + command.name() + ": Stop failed: " + e.getMessage();
      }
    }
    process.stop();
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }
}
