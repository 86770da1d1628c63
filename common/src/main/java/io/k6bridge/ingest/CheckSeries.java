package io.k6bridge.ingest;

import io.k6bridge.metrics.Series;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One tool thread's {@code checks} series by check name, group and scenario. Tools usually name a
 * check with the same string instance every time (JMeter: its assertion's name), and group paths
 * and scenarios come from the thread's caches: so a small table matched by identity finds the
 * series without comparing strings, in front of the general cache, which handles names built per
 * result. Single-threaded.
 */
public final class CheckSeries {
  private static final int RECENT = 16; // a power of two

  private final String[] names = new String[RECENT];
  private final String[] groups = new String[RECENT];
  private final String[] scenarios = new String[RECENT];
  private final Series[] series = new Series[RECENT];
  private final RequestKey probe = new RequestKey(RequestKey.CHECK);
  private final SeriesCache<RequestKey, Series> cache;

  /**
   * @param create the series of a key whose {@code label} is the check's name
   * @param full whether the run's series are at their limit ({@link SeriesCache})
   */
  public CheckSeries(Function<RequestKey, Series> create, BooleanSupplier full) {
    cache = new SeriesCache<>(create, full);
  }

  public Series get(String name, String group, String scenario) {
    int slot = (name == null ? 0 : name.hashCode()) & (RECENT - 1);
    if (names[slot] == name
        && groups[slot] == group
        && scenarios[slot] == scenario
        && series[slot] != null) {
      return series[slot];
    }
    probe.label = name;
    Series s = cache.get(probe.sealIn(group, scenario));
    names[slot] = name;
    groups[slot] = group;
    scenarios[slot] = scenario;
    series[slot] = s;
    return s;
  }
}
