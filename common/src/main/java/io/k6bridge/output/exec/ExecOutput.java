package io.k6bridge.output.exec;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.json.JsonLines;
import io.k6bridge.output.text.SampleTextStream;
import io.k6bridge.output.text.TextBuffer;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams k6 JSON lines to a child process' standard input.
 *
 * <p><b>Backpressure:</b> the engine thread only copies samples into a bounded {@link
 * SampleBuffer}; a flusher thread writes them to the pipe every 200 ms. A process that reads slowly
 * blocks the flusher, not the test: the buffer fills and what does not fit is counted as dropped.
 * <b>Death:</b> when the process exits during the test, that is logged as an error and written as
 * an {@code output_failed} event at once, and every later sample is counted as dropped.
 * <b>Shutdown:</b> the last samples are written, standard input is closed (the plug-in sees end of
 * file), and the process gets K6BRIDGE_EXEC_STOP_TIMEOUT to exit before it is terminated, then
 * killed; a non-zero exit status fails the output's stop, which the run report lists.
 */
final class ExecOutput implements Output, WithThresholds {
  private static final Logger LOG = LoggerFactory.getLogger(ExecOutput.class);
  static final Duration FLUSH_PERIOD = Duration.ofMillis(200);
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);
  private static final int PIPE_BUFFER = 64 * 1024;

  private final List<String> command;
  private final Path directory;
  private final JsonLines lines;
  private final Duration stopTimeout;
  private final OutputEvents events;
  private final SampleTextStream stream;
  private final SampleTextStream.Sink stdinSink =
      new SampleTextStream.Sink() {
        /** On the flusher thread; blocks while the pipe is full (the process reads slowly). */
        @Override
        public void write(TextBuffer text) throws IOException {
          if (!process.isAlive()) {
            throw new IOException("the process exited with status " + process.exitValue());
          }
          text.writeTo(stdin);
        }

        @Override
        public void flush() throws IOException {
          stdin.flush();
        }
      };
  private Process process;
  private OutputStream stdin;
  private volatile boolean stopping;

  ExecOutput(
      List<String> command,
      Path directory,
      SampleBuffer buffer,
      JsonLines lines,
      DropCounter failedWrites,
      Duration stopTimeout,
      OutputEvents events) {
    this.command = List.copyOf(command);
    this.directory = directory;
    this.lines = lines;
    this.stream =
        new SampleTextStream("k6bridge-exec", FLUSH_PERIOD, buffer, lines::encode, failedWrites);
    this.stopTimeout = stopTimeout;
    this.events = events;
  }

  @Override
  public String description() {
    return "exec (" + String.join(" ", command) + ")";
  }

  @Override
  public void setThresholds(List<ThresholdDefinition> thresholds) {
    lines.setThresholds(thresholds);
  }

  /** Fails the run's start when the program cannot be started (not found, not executable). */
  @Override
  public void start() throws IOException {
    File dir = directory.toAbsolutePath().toFile();
    process =
        new ProcessBuilder(command)
            .directory(dir)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    stdin = new BufferedOutputStream(process.getOutputStream(), PIPE_BUFFER);
    process.onExit().thenAccept(this::exited);
    stream.start(stdinSink);
  }

  private void exited(Process p) {
    if (stopping) {
      return;
    }
    String message =
        "exec output: process '"
            + String.join(" ", command)
            + "' (pid "
            + p.pid()
            + ") exited with status "
            + p.exitValue()
            + " during the test; from now on its samples"
            + " are dropped and counted";
    LOG.error("k6bridge: {}", message);
    events.failed(message);
  }

  @Override
  public void addMetricSamples(SampleBatch batch) {
    stream.add(batch);
  }

  @Override
  public void stop() throws Exception {
    if (process == null) {
      return;
    }
    stopping = true;
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    // The last write can block on a process that stopped reading: it runs on its own thread, so
    // the deadline holds, and terminating the process unblocks it.
    Thread closer = new Thread(this::finishInput, "k6bridge-exec-close");
    closer.setDaemon(true);
    closer.start();
    closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    boolean exited =
        process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (!exited) {
      process.destroy();
      if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      closer.join(KILL_GRACE.toMillis());
      throw new IllegalStateException(
          "exec output: process '"
              + String.join(" ", command)
              + "' did not exit within K6BRIDGE_EXEC_STOP_TIMEOUT="
              + stopTimeout
              + " after its input was closed; it was terminated");
    }
    closer.join(KILL_GRACE.toMillis());
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "exec output: process '"
              + String.join(" ", command)
              + "' exited with status "
              + process.exitValue());
    }
  }

  /** The final write, then end of file for the process. */
  private void finishInput() {
    try {
      stream.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      stdin.close();
    } catch (IOException e) {
      // The process already closed its end (exited): what was lost is counted by the flusher.
    }
  }
}
