package io.k6bridge.output.json;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.registry.SeriesRegistry;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.LongConsumer;

/** Lets tests outside this package drive a JsonEncoder over realistic samples. */
public final class JsonEncoderAccess {
  private JsonEncoderAccess() {}

  /**
   * Encodes sample i (time ms apart, integer and 3-decimal values) into a buffer reset per 1000.
   */
  public static LongConsumer encoder() {
    JsonEncoder e =
        new JsonEncoder(
            new GoTime(ZoneId.of("Europe/Berlin")), Map.of(), Map.of(), new DropCounter("x"));
    SeriesRegistry registry = new SeriesRegistry();
    Series[] series = {
      registry.get(
          BuiltinMetrics.HTTP_REQ_DURATION, TagSet.of(Map.of("status", "200", "name", "a"))),
      registry.get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("status", "200", "name", "a")))
    };
    TextBuffer out = new TextBuffer(1 << 20);
    return i -> {
      if (i % 1000 == 0) {
        out.reset();
      }
      double value = i % 2 == 0 ? i % 977 : (i % 100_000) / 1000.0;
      e.encode(out, series[(int) (i % 2)], 1_700_000_000_000_000_000L + i * 1_000_000L, value);
    };
  }
}
