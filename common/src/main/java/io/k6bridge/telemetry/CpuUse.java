package io.k6bridge.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringTokenizer;

/**
 * CPU use between two readings, from counters that are cheap to read: the JVM's own CPU time (one
 * system call) over the processors it may use, and the machine's from Linux's {@code /proc/stat}.
 *
 * <p>Not the JDK's {@code getProcessCpuLoad} and {@code getCpuLoad}: in a container they re-read
 * the cgroup's files on every call, with regular expressions: a large share of the engine thread's
 * work at one reading a second, and code still being compiled a minute into a run (profiled;
 * benchmarks/RESULTS.md).
 */
final class CpuUse {
  static final Path PROC_STAT = Path.of("/proc/stat");

  private final com.sun.management.OperatingSystemMXBean os;
  private final int processors;
  private final Path procStat;

  private long lastWallNanos;
  private long lastProcessNanos;
  private Ticks lastTicks;
  private double process = -1;
  private double machine = -1;

  /**
   * @param os null when the JVM lacks the {@code com.sun.management} extension: no readings
   * @param processors the processors this JVM may use (container limits included)
   * @param procStat Linux's {@code /proc/stat}; when missing (not Linux), the machine's use comes
   *     from {@code os.getCpuLoad()}, which reads no cgroup files there
   */
  CpuUse(
      com.sun.management.OperatingSystemMXBean os, int processors, Path procStat, long nowNanos) {
    this.os = os;
    this.processors = Math.max(1, processors);
    this.procStat = procStat;
    lastWallNanos = nowNanos;
    lastProcessNanos = os == null ? -1 : os.getProcessCpuTime();
    lastTicks = Ticks.read(procStat);
  }

  /**
   * Takes a reading; {@link #process()} and {@link #machine()} then cover the time since the last.
   */
  void read(long nowNanos) {
    long wall = nowNanos - lastWallNanos;
    long cpu = os == null ? -1 : os.getProcessCpuTime();
    process =
        cpu < 0 || lastProcessNanos < 0 || wall <= 0
            ? -1
            : fraction(cpu - lastProcessNanos, (double) wall * processors);
    lastWallNanos = nowNanos;
    lastProcessNanos = cpu;
    Ticks ticks = Ticks.read(procStat);
    if (ticks != null && lastTicks != null) {
      machine = fraction(ticks.busy() - lastTicks.busy(), ticks.total() - lastTicks.total());
    } else {
      machine = ticks == null && os != null ? os.getCpuLoad() : -1;
    }
    lastTicks = ticks;
  }

  /** This JVM's share of the processors it may use, 0 to 1; negative when not known. */
  double process() {
    return process;
  }

  /** The whole machine's share of busy CPU time, 0 to 1; negative when not known. */
  double machine() {
    return machine;
  }

  private static double fraction(double part, double whole) {
    return whole <= 0 ? -1 : Math.min(1, Math.max(0, part / whole));
  }

  /** The machine's CPU time since boot, in clock ticks, from the first line of /proc/stat. */
  record Ticks(long busy, long total) {
    /** The ticks, or null when the file is missing (not Linux) or has another shape. */
    static Ticks read(Path file) {
      try {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    /**
     * {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}: idle and iowait
     * are the idle time; guest time is already counted in user and nice, so the total stops at
     * steal.
     */
    static Ticks parse(String text) {
      int end = text.indexOf('\n');
      StringTokenizer fields = new StringTokenizer(end < 0 ? text : text.substring(0, end));
      if (!fields.hasMoreTokens() || !fields.nextToken().equals("cpu")) {
        return null;
      }
      long total = 0;
      long idle = 0;
      for (int i = 0; i < 8 && fields.hasMoreTokens(); i++) {
        long v = Long.parseLong(fields.nextToken());
        total += v;
        if (i == 3 || i == 4) {
          idle += v;
        }
      }
      return new Ticks(total - idle, total);
    }
  }
}
