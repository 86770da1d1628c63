package io.k6bridge.telemetry;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads this JVM's health from its management beans and Linux's {@code /proc}, in ways that cost
 * little (see {@link CpuUse}). Each reading's CPU covers the time since the previous one, so one
 * thread takes them, at a steady pace.
 */
public final class HealthProbe {
  private final CpuUse cpu;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Path netDev;

  HealthProbe(Path netDev, Path procStat) {
    java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    // HotSpot and OpenJ9 both implement the com.sun.management extension; without it, no CPU.
    this.cpu =
        new CpuUse(
            bean instanceof com.sun.management.OperatingSystemMXBean
                ? (com.sun.management.OperatingSystemMXBean) bean
                : null,
            Runtime.getRuntime().availableProcessors(),
            procStat,
            System.nanoTime());
    this.netDev = netDev;
  }

  /** A probe of this JVM and machine; the first reading's CPU covers the time since now. */
  public static HealthProbe create() {
    return new HealthProbe(NetDev.PROC_NET_DEV, CpuUse.PROC_STAT);
  }

  /** Takes a reading. */
  public HealthReading read() {
    cpu.read(System.nanoTime());
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long gc = 0;
    for (GarbageCollectorMXBean c : collectors) {
      gc += Math.max(0, c.getCollectionTime());
    }
    NetDev.Totals net = NetDev.read(netDev);
    return new HealthReading(
        cpu.process(),
        cpu.machine(),
        heap.getUsed(),
        heap.getCommitted(),
        heap.getMax(),
        gc,
        threads.getThreadCount(),
        net == null ? -1 : net.sent,
        net == null ? -1 : net.received);
  }
}
