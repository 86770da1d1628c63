package io.k6bridge.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
      String[] columns = line.substring(colon + 1).trim().split("\\s+");
      if (iface.equals("lo") || columns.length < 9) {
        continue;
      }
      try {
        received += Long.parseLong(columns[0]);
        sent += Long.parseLong(columns[8]);
        any = true;
      } catch (NumberFormatException e) {
        // a header line or an unexpected format: skip it
      }
    }
    return any ? new Totals(received, sent) : null;
  }
}
