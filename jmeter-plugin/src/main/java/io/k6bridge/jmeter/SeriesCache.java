package io.k6bridge.jmeter;

/**
 * A single-thread hash table from {@link RequestKey} to whatever a sample of that key records into.
 * Each sampler thread owns one, so lookups take no lock; a hit allocates nothing.
 *
 * @param <V> the cached value
 */
final class SeriesCache<V> {
  private Entry<V>[] table = newTable(64);
  private int size;

  /** The value stored for a key equal to the sealed {@code probe}, or null. */
  V get(RequestKey probe) {
    for (Entry<V> e = table[probe.hash & (table.length - 1)]; e != null; e = e.next) {
      if (e.key.matches(probe)) {
        return e.value;
      }
    }
    return null;
  }

  /** Stores a copy of the sealed {@code probe} with {@code value}; the probe stays reusable. */
  V put(RequestKey probe, V value) {
    if (++size > table.length * 3 / 4) {
      resize();
    }
    RequestKey key = probe.copy();
    int i = key.hash & (table.length - 1);
    table[i] = new Entry<>(key, value, table[i]);
    return value;
  }

  int size() {
    return size;
  }

  private void resize() {
    Entry<V>[] old = table;
    table = newTable(old.length * 2);
    for (Entry<V> head : old) {
      for (Entry<V> e = head; e != null; ) {
        Entry<V> next = e.next;
        int i = e.key.hash & (table.length - 1);
        e.next = table[i];
        table[i] = e;
        e = next;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int n) {
    return (Entry<V>[]) new Entry<?>[n];
  }

  private static final class Entry<V> {
    final RequestKey key;
    final V value;
    Entry<V> next;

    Entry(RequestKey key, V value, Entry<V> next) {
      this.key = key;
      this.value = value;
      this.next = next;
    }
  }
}
