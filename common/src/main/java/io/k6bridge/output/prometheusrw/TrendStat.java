package io.k6bridge.output.prometheusrw;

import io.k6bridge.sink.TrendSink;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * One trend statistic written as its own gauge, {@code k6_<metric>_<suffix>}: k6's trendStats
 * vocabulary (avg, min, max, med, count, sum, p(N)); p(N) is written pN without dots, so p(99.9)
 * becomes p999.
 */
final class TrendStat {
  static final String ACCEPTED =
      "a comma-separated list of avg, min, max, med, count, sum and p(N) with 0 <= N <= 100";

  private final String suffix;
  private final ToDoubleFunction<TrendSink> value;

  private TrendStat(String suffix, ToDoubleFunction<TrendSink> value) {
    this.suffix = suffix;
    this.value = value;
  }

  /** The series name suffix, such as "p95". */
  String suffix() {
    return suffix;
  }

  /** The statistic in the trend's own unit (ms or bytes). */
  double of(TrendSink sink) {
    return value.applyAsDouble(sink);
  }

  /** Parses k6's list; throws IllegalArgumentException naming the bad entry. */
  static List<TrendStat> parseList(String text) {
    Set<String> seen = new LinkedHashSet<>();
    List<TrendStat> stats = new ArrayList<>();
    for (String part : text.split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      TrendStat stat = parse(s);
      if (seen.add(stat.suffix)) {
        stats.add(stat);
      }
    }
    if (stats.isEmpty()) {
      throw new IllegalArgumentException("no trend stat given");
    }
    return List.copyOf(stats);
  }

  static TrendStat parse(String s) {
    switch (s) {
      case "avg":
        return new TrendStat(s, TrendSink::avg);
      case "min":
        return new TrendStat(s, TrendSink::min);
      case "max":
        return new TrendStat(s, TrendSink::max);
      case "med":
        return new TrendStat(s, TrendSink::med);
      case "count":
        return new TrendStat(s, t -> t.count());
      case "sum":
        return new TrendStat(s, TrendSink::sum);
      default:
        break;
    }
    if (s.startsWith("p(") && s.endsWith(")")) {
      String number = s.substring(2, s.length() - 1);
      double p;
      try {
        p = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a percentile");
      }
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException("'" + s + "' is outside p(0)..p(100)");
      }
      double fraction = p / 100;
      return new TrendStat("p" + number.replace(".", ""), t -> t.percentile(fraction));
    }
    throw new IllegalArgumentException("unknown trend stat '" + s + "'");
  }
}
