package io.k6bridge.testplans;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The build's handle on a {@link LoopbackTarget} started as a separate process: {@code await PORT
 * SECONDS} returns once the target accepts connections (the build starts it asynchronously, and
 * JMeter must not race it), and {@code stop PORT} makes it write its counts file and exit. Both
 * fail loudly, so a broken target fails the build rather than producing a run against nothing.
 */
public final class LoopbackTargetControl {

  private LoopbackTargetControl() {}

  /**
   * Waits until 127.0.0.1:{@code port} accepts a TCP connection (no HTTP request: nothing is
   * counted).
   */
  public static void await(int port, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return;
      } catch (ConnectException refused) {
        if (System.nanoTime() - deadline > 0) {
          throw new IOException(
              "loopback target on port " + port + " did not start within " + timeout);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Asks the target to write its counts and stop; returns when the counts are written. */
  public static void stop(int port) throws IOException {
    // A bare HTTP/1.0 exchange: the JDK clients start background threads the build's JVM would
    // keep.
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + LoopbackTarget.STOP_PATH + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      if (statusLine == null || !statusLine.matches("HTTP/1\\.[01] 200( .*)?")) {
        throw new IOException(
            "loopback target on port " + port + " answered '" + statusLine + "' to stop");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("await")) {
      await(Integer.parseInt(args[1]), Duration.ofSeconds(Long.parseLong(args[2])));
    } else if (args.length == 2 && args[0].equals("stop")) {
      stop(Integer.parseInt(args[1]));
    } else {
      throw new IllegalArgumentException(
          "usage: LoopbackTargetControl await PORT SECONDS | stop PORT");
    }
  }
}
