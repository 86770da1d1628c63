package io.k6bridge.output;

import java.util.concurrent.atomic.AtomicLong;

/** Counts samples an output could not deliver, so loss is reported at the end, never silent. */
public final class DropCounter {
  private final String what;
  private final AtomicLong count = new AtomicLong();

  public DropCounter(String what) {
    this.what = what;
  }

  public void add(long n) {
    count.addAndGet(n);
  }

  public long count() {
    return count.get();
  }

  /** What was dropped and why, such as "json output: write buffer full". */
  public String what() {
    return what;
  }
}
