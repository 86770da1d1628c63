package io.k6bridge.itthresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV JTL: k6's http_req_duration of every sample, as the plugin derives it (elapsed minus
 * connect, clamped to [0, elapsed]), and the span from the first start to the last end.
 */
record TailJtl(double[] durations, long spanMillis) {
  /**
   * The properties of a tail.jmx run whose JTL this reads: {@code threads} x {@code loops} requests
   * to the loopback target, a CSV JTL with the columns needed, and no thresholds (the home's
   * user.properties holds the passing gate's, iterations count==5); then {@code more}, as key,
   * value, ...
   */
  static Map<String, String> runProperties(
      String port, Path results, int threads, int loops, String... more) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("target.port", port);
    p.put("results.dir", results.toString());
    p.put("threads", String.valueOf(threads));
    p.put("loops", String.valueOf(loops));
    p.put("K6_THRESHOLDS", "{}");
    p.put("jmeter.save.saveservice.output_format", "csv");
    p.put("jmeter.save.saveservice.connect_time", "true");
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  /** Fails on any unsuccessful sample: the run must be clean. */
  static TailJtl read(Path jtl) throws Exception {
    try (BufferedReader in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
      List<String> header = List.of(in.readLine().split(","));
      int timeStamp = column(header, "timeStamp");
      int elapsed = column(header, "elapsed");
      int connect = column(header, "Connect");
      int success = column(header, "success");
      double[] durations = new double[1 << 17];
      int n = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",", -1);
        assertEquals(header.size(), f.length, "a quoted field in the JTL: " + line);
        assertEquals("true", f[success], "unsuccessful sample: " + line);
        long start = Long.parseLong(f[timeStamp]);
        long time = Long.parseLong(f[elapsed]);
        long connected = Math.min(Math.max(Long.parseLong(f[connect]), 0), time);
        if (n == durations.length) {
          durations = Arrays.copyOf(durations, n * 2);
        }
        durations[n++] = time - connected;
        first = Math.min(first, start);
        last = Math.max(last, start + time);
      }
      return new TailJtl(Arrays.copyOf(durations, n), last - first);
    }
  }

  private static int column(List<String> header, String name) {
    int i = header.indexOf(name);
    assertTrue(i >= 0, name + " not in the JTL's header " + header);
    return i;
  }

  /** k6's TrendSink.P: linear interpolation at rank p·(n−1) of the sorted values. */
  static double k6Percentile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
  }
}
