package io.k6bridge.output.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.k6bridge.output.csv.CsvEncoderAccess;
import io.k6bridge.output.json.JsonEncoderAccess;
import java.lang.management.ManagementFactory;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The per-sample encoding on flusher threads allocates nothing once series are cached. */
class EncodingAllocationTest {
  private static long allocatedBy(Runnable r) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    r.run();
    return mx.getThreadAllocatedBytes(id) - before;
  }

  private static void check(LongConsumer encodeSample) {
    for (long i = 0; i < 200_000; i++) {
      encodeSample.accept(i); // warm up: caches, buffer growth, JIT
    }
    assertEquals(
        0,
        allocatedBy(
            () -> {
              for (long i = 0; i < 100_000; i++) {
                encodeSample.accept(i);
              }
            }));
  }

  @Test
  void json() {
    check(JsonEncoderAccess.encoder());
  }

  @Test
  void csv() {
    check(CsvEncoderAccess.encoder());
  }
}
