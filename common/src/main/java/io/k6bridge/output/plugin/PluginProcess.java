package io.k6bridge.output.plugin;

import io.k6bridge.output.plugin.proto.Empty;
import io.k6bridge.output.plugin.proto.StdioData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A plug-in's process, started as go-plugin starts one: the tool's environment plus the magic
 * cookie and {@code PLUGIN_*} variables, its standard input inherited, the handshake line read from
 * its standard output within a bound, the rest of that output drained, its standard error logged
 * ({@link PluginLog}), and a Go plug-in's {@code GRPCStdio} stream drained into the log too
 * (unread, a Go plug-in that prints blocks). Stopping asks it to shut down, then terminates it.
 */
final class PluginProcess {
  static final Map<String, String> ENVIRONMENT =
      Map.of(
          "XK6_OUTPUT_PLUGIN", "1e427e4a-0ac3-11ee-9271-3fe99b1af532",
          "PLUGIN_MIN_PORT", "10000",
          "PLUGIN_MAX_PORT", "25000",
          "PLUGIN_PROTOCOL_VERSIONS", "1");
  private static final int EXIT_GRACE_SECONDS = 2;
  private static final Duration EXIT_GRACE = Duration.ofSeconds(EXIT_GRACE_SECONDS);

  private final PluginCommand command;
  private final PluginLog log;
  private final CompletableFuture<String> handshake = new CompletableFuture<>();
  private volatile String lastError = "";
  private volatile boolean stopping;
  private Process process;
  private Thread stderr;
  private UnixSocketBridge bridge;
  private Handshake where;
  private GrpcChannel channel;

  PluginProcess(PluginCommand command) {
    this.command = command;
    this.log = new PluginLog(command.name());
  }

  /**
   * Starts the process and connects to it.
   *
   * @param onExit called if the process exits before {@link #stop}, with why
   * @throws IOException saying why it could not start or connect; the process is gone then
   */
  GrpcChannel start(Path directory, Duration timeout, Consumer<String> onExit)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command.command())
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(ENVIRONMENT);
    process = pb.start();
    daemon("stdout", () -> readStdout(process.getInputStream()));
    stderr = daemon("stderr", () -> readStderr(process.getErrorStream()));
    process
        .onExit()
        .thenAccept(
            p -> {
              handshake.completeExceptionally(
                  new IOException(exitedBecause("before its handshake")));
              if (channel != null && !stopping) {
                onExit.accept(exitedBecause("during the test"));
              }
            });
    try {
      String line = handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      where = Handshake.parse(line);
      if (where.network().equals(Handshake.UNIX)) {
        bridge = new UnixSocketBridge(Path.of(where.address()));
        channel = new GrpcChannel("127.0.0.1", bridge.port());
      } else {
        channel = new GrpcChannel(where.host(), where.port());
      }
    } catch (TimeoutException e) {
      kill();
      throw new IOException(
          "printed no handshake line within "
              + timeout.toSeconds()
              + " s (K6BRIDGE_PLUGIN_START_TIMEOUT)");
    } catch (ExecutionException | IllegalArgumentException e) {
      kill();
      throw new IOException(
          e instanceof ExecutionException ? e.getCause().getMessage() : e.getMessage());
    }
    GrpcChannel c = channel;
    daemon(
        "stdio",
        () -> c.stream("plugin.GRPCStdio/StreamStdio", Empty.getDefaultInstance(), this::stdio));
    return channel;
  }

  /** Why the process ended: its status and the last line it wrote to standard error. */
  private String exitedBecause(String when) {
    try {
      stderr.join(EXIT_GRACE.toMillis()); // its last words, if it still writes them
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "exited with status "
        + process.exitValue()
        + " "
        + when
        + (lastError.isEmpty() ? "" : "; its last words: " + lastError);
  }

  private void readStdout(InputStream out) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line != null) {
      handshake.complete(line);
    }
    while (r.readLine() != null) {
      // Drained, as go-plugin does: a plug-in that prints must not block.
    }
  }

  private void readStderr(InputStream err) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (!line.isBlank()) {
        String words = PluginLog.parse(line).text();
        lastError = words.length() > 500 ? words.substring(0, 500) + "..." : words;
        log.line(line);
      }
    }
  }

  /** One chunk of a Go plug-in's standard output or error, streamed over gRPC. */
  private void stdio(byte[] message) {
    try {
      StdioData d = StdioData.parseFrom(message);
      for (String line : d.getData().toStringUtf8().split("\n")) {
        if (!line.isBlank()) {
          log.line(line);
        }
      }
    } catch (IOException e) {
      // not a StdioData: nothing to log
    }
  }

  /**
   * Asks the plug-in to shut down (go-plugin's GRPCController; the Python and JavaScript SDKs do
   * not implement it), closes the connection, gives it {@value #EXIT_GRACE_SECONDS} s to exit, then
   * terminates and at last kills it. Removes a Unix socket it left behind.
   */
  void stop() throws InterruptedException {
    stopping = true;
    if (channel != null) {
      try {
        channel.call(
            "plugin.GRPCController/Shutdown",
            Empty.getDefaultInstance(),
            Empty.parser(),
            EXIT_GRACE);
      } catch (IOException e) {
        // UNIMPLEMENTED (Python, JavaScript) or gone: terminated below
      }
      channel.close();
    }
    if (process != null && !process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
    closeBridge();
  }

  /** Terminates the process, then kills it if it does not go. */
  void kill() throws InterruptedException {
    stopping = true;
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
    closeBridge();
  }

  private void closeBridge() {
    try {
      if (bridge != null) {
        bridge.close();
      }
      if (where != null && where.network().equals(Handshake.UNIX)) {
        Files.deleteIfExists(Path.of(where.address()));
      }
    } catch (IOException e) {
      // left behind in the temporary directory
    }
  }

  private interface Reader {
    void run() throws IOException;
  }

  private Thread daemon(String what, Reader reader) {
    Thread t =
        new Thread(
            () -> {
              try {
                reader.run();
              } catch (IOException e) {
                // the process or the connection ended
              }
            },
            "k6bridge-plugin-" + command.name() + "-" + what);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
