package io.k6bridge.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuUseTest {
  @TempDir Path dir;

  static String procStat(long user, long idle, long iowait, long steal, long guest) {
    return "cpu  "
        + user
        + " 5 50 "
        + idle
        + " "
        + iowait
        + " 3 2 "
        + steal
        + " "
        + guest
        + " 0\n"
        + "cpu0 1 1 1 1 1 1 1 1 0 0\n"
        + "intr 12345 0 0\n";
  }

  @Test
  void ticksCountIdleAndIowaitAsIdleAndLeaveGuestOut() {
    CpuUse.Ticks t = CpuUse.Ticks.parse(procStat(100, 800, 20, 1, 7));
    assertEquals(100 + 5 + 50 + 800 + 20 + 3 + 2 + 1, t.total());
    assertEquals(100 + 5 + 50 + 3 + 2 + 1, t.busy());
    assertNull(CpuUse.Ticks.parse("intr 1 2 3\ncpu 1 2 3 4\n"));
    assertNull(CpuUse.Ticks.read(dir.resolve("missing")));
  }

  @Test
  void machineIsTheBusyShareOfTheTicksBetweenReadings() throws Exception {
    Path file = dir.resolve("stat");
    Files.writeString(file, procStat(100, 800, 20, 1, 7));
    CpuUse cpu = new CpuUse(null, 2, file, 0);
    // 30 more busy ticks (user) and 70 more idle ones (idle and iowait), of 100.
    Files.writeString(file, procStat(130, 860, 30, 1, 9));
    cpu.read(1_000_000_000L);
    assertEquals(0.30, cpu.machine(), 1e-12);
    assertEquals(-1, cpu.process()); // no management bean: not known, never 0
    Files.delete(file);
    cpu.read(2_000_000_000L);
    assertEquals(-1, cpu.machine()); // neither /proc/stat nor a bean
  }

  @Test
  void processIsTheJvmsCpuTimeOverTheProcessorsItMayUse() {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    CpuUse cpu = new CpuUse(os, 1, dir.resolve("missing"), System.nanoTime());
    long until = System.nanoTime() + 300_000_000L;
    long spins = 0;
    while (System.nanoTime() < until) {
      spins++; // one busy thread against one processor
    }
    cpu.read(System.nanoTime());
    assertTrue(spins > 0);
    // A little CPU time may be missed by the clock's granularity; other threads may add some.
    assertTrue(cpu.process() > 0.5 && cpu.process() <= 1, "process " + cpu.process());
    // Without /proc/stat the machine's use comes from the bean.
    assertTrue(cpu.machine() <= 1, "machine " + cpu.machine());
  }
}
