package io.k6bridge.gatling;

import static io.k6bridge.gatling.GatlingMessages.list;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.engine.UserCount;
import io.k6bridge.registry.MetricRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the hook costs Gatling's event loop per message, measured in-run on real message objects:
 * allocation must be nil once series are known (asserted), time is printed (a figure, not a
 * verdict, on a shared machine).
 */
class HookCostTest {
  private static final int MESSAGES = 400_000;

  @TempDir Path dir;

  @Test
  void translatingARequestAllocatesNothing() throws Throwable {
    MetricsEngine engine = MetricsEngine.create(Config.defaults(), new MetricRegistry(), dir);
    engine.start();
    try {
      GatlingInternals in = GatlingInternals.resolve(getClass().getClassLoader());
      MessageTranslator t =
          new MessageTranslator(in, new GatlingSeries(engine), engine.writer(), new UserCount());
      // Distinct instances with equal content, as Gatling sends them.
      Object[] messages = new Object[1024];
      for (int i = 0; i < messages.length; i++) {
        boolean ok = i % 4 != 0;
        messages[i] =
            GatlingMessages.response(
                "browse",
                list("shop", new String("cart")),
                "home",
                1_700_000_000_000L + i,
                1_700_000_000_005L + i,
                ok,
                new String(ok ? "200" : "404"),
                ok ? null : "status.find.in([200, 209], 304), found 404");
      }
      run(t, messages); // warm up: series created, code compiled
      run(t, messages);

      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long thread = Thread.currentThread().getId();
      // On a loaded machine the JIT may still be compiling (and the interpreter boxes): the
      // steady state is the best of a few rounds.
      long allocated = Long.MAX_VALUE;
      long nanos = 0;
      for (int round = 0; round < 10 && allocated >= MESSAGES; round++) {
        long bytes = mx.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        run(t, messages);
        nanos = System.nanoTime() - start;
        allocated = mx.getThreadAllocatedBytes(thread) - bytes;
      }
      System.out.printf(
          "k6bridge gatling hook: %.1f ns per Response message, %d bytes allocated for %d messages%n",
          (double) nanos / MESSAGES, allocated, MESSAGES);
      // Any per-message allocation is at least 16 bytes; the JIT's own bookkeeping is a few bytes
      // in all.
      assertTrue(
          allocated < MESSAGES, allocated + " bytes allocated by " + MESSAGES + " translations");
    } finally {
      engine.stop();
    }
  }

  private static void run(MessageTranslator t, Object[] messages) throws Throwable {
    for (int i = 0; i < MESSAGES; i++) {
      t.translate(messages[i & (messages.length - 1)]);
    }
  }
}
