package io.k6bridge.testing;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while running some work, for allocation-free claims. */
public final class ThreadAllocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ThreadAllocations() {}

  /**
   * The fewest bytes {@code work} allocated in any of {@code rounds} runs. A stray JIT or
   * class-loading allocation lands in one round and is not the work's, while work that allocates
   * shows in every round.
   */
  public static long leastBytes(int rounds, Runnable work) {
    long least = Long.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      work.run();
      least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }
}
