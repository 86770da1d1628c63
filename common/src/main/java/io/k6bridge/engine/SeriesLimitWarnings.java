package io.k6bridge.engine;

import io.k6bridge.registry.SeriesRegistry;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, in the log and on the console, when the run's series pass k6's suggested limit (in k6's
 * words, with the tag to blame) and when they reach K6BRIDGE_MAX_SERIES and start to be folded.
 */
final class SeriesLimitWarnings implements SeriesRegistry.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesLimitWarnings.class);

  @Override
  public void tooManySeries(int series, String tag, int distinctValues) {
    warn(
        "k6bridge: The test has generated metrics with "
            + series
            + " unique time series, which"
            + " is higher than the suggested limit of "
            + SeriesRegistry.WARNING_SERIES
            + " and could"
            + " cause high memory usage. The tag '"
            + tag
            + "' has "
            + distinctValues
            + " distinct"
            + " values. Consider not using high-cardinality values like unique IDs as metric tags or,"
            + " if you need them in the URL, give the request a fixed name and remove url from"
            + " K6_SYSTEM_TAGS.");
  }

  @Override
  public void folding(long maxSeries, Set<String> droppedTags) {
    warn(
        "k6bridge: "
            + EngineOptions.MAX_SERIES.name()
            + "="
            + maxSeries
            + " reached: new time"
            + " series are folded into series without the tags "
            + droppedTags
            + ", tagged "
            + SeriesRegistry.OVERFLOW_TAG
            + "=\"true\"; totals stay exact, per-tag breakdowns of"
            + " the folded samples are lost.");
  }

  private static void warn(String message) {
    LOG.warn(message);
    System.err.println("WARN " + message); // k6 prints it on the console, where users look
  }
}
