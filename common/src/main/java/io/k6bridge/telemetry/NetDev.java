package io.k6bridge.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringTokenizer;

/**
 * The machine's network byte totals from Linux's {@code /proc/net/dev}, summed over every interface
 * except loopback: traffic to a target on the same machine never leaves it, so it says nothing
 * about the network card the injector could saturate.
 */
final class NetDev {
  static final Path PROC_NET_DEV = Path.of("/proc/net/dev");

  /** Bytes received and sent since boot. */
  static final class Totals {
    final long received;
    final long sent;

    Totals(long received, long sent) {
      this.received = received;
      this.sent = sent;
    }
  }

  private NetDev() {}

  /** The totals, or null when the file is missing (not Linux) or unreadable. */
  static Totals read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return parse(lines);
  }

  /**
   * Two header lines, then {@code iface: rx_bytes rx_packets ... (8 receive columns) tx_bytes ...}.
   * Returns null when no line has the expected shape.
   */
  static Totals parse(List<String> lines) {
    long received = 0;
    long sent = 0;
    boolean any = false;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String iface = line.substring(0, colon).trim();
      // Not String.split: its regular expression is compiled again on every call.
      StringTokenizer columns = new StringTokenizer(line.substring(colon + 1));
      if (iface.equals("lo") || columns.countTokens() < 9) {
        continue;
      }
      try {
        received += Long.parseLong(columns.nextToken());
        for (int i = 1; i < 8; i++) {
          columns.nextToken();
        }
        sent += Long.parseLong(columns.nextToken());
        any = true;
      } catch (NumberFormatException e) {
        // a header line or an unexpected format: skip it
      }
    }
    return any ? new Totals(received, sent) : null;
  }
}
