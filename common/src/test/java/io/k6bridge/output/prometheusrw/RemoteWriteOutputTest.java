package io.k6bridge.output.prometheusrw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.Config;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.output.prometheusrw.proto.Histogram;
import io.k6bridge.output.prometheusrw.proto.Label;
import io.k6bridge.output.prometheusrw.proto.TimeSeries;
import io.k6bridge.output.remote.PushClient;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteWriteOutputTest {
  private static final long T0 = 1_700_000_000_123_456_789L;

  private final MetricRegistry metrics = new MetricRegistry();
  private final SeriesRegistry registry = new SeriesRegistry();
  private final List<DropCounter> drops = new CopyOnWriteArrayList<>();
  private FakeReceiver receiver;

  @BeforeEach
  void receiver() throws Exception {
    receiver = new FakeReceiver();
  }

  @AfterEach
  void close() {
    receiver.close();
  }

  private Output output(String... keyValues) {
    return new RemoteWriteOutputFactory().create(params(OutputEvents.NONE, keyValues));
  }

  private BuiltinParams params(OutputEvents events, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("K6_PROMETHEUS_RW_SERVER_URL", receiver.url());
    m.put("K6_PROMETHEUS_RW_PUSH_INTERVAL", "100ms");
    m.put("K6_TAGS", "testid=t1");
    m.put("K6BRIDGE_PROMETHEUS_RW_INJECTOR", "inj-1");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    Config c = Config.builder().layer("test", m).build();
    return new BuiltinParams(
        "experimental-prometheus-rw",
        "",
        c,
        SystemTags.DEFAULT,
        metrics,
        Path.of("."),
        drops,
        events,
        new io.k6bridge.secret.Secrets(),
        new io.k6bridge.output.builtin.OutputFiles());
  }

  /**
   * Sends for real, except that the given calls (1-based) throw, as a bug in encoding or in the
   * HTTP stack would.
   */
  private static final class FaultyClients implements Function<RemoteWriteConfig, PushClient> {
    final AtomicInteger calls = new AtomicInteger();
    final Set<Integer> failing;

    /** Released when a send may go on; count 0 unless a test stalls sends. */
    final CountDownLatch proceed;

    FaultyClients(CountDownLatch proceed, Integer... failing) {
      this.proceed = proceed;
      this.failing = Set.of(failing);
    }

    FaultyClients(Integer... failing) {
      this(new CountDownLatch(0), failing);
    }

    @Override
    public PushClient apply(RemoteWriteConfig c) {
      return new PushClient(c.endpoint, RemoteWriteOutputFactory.FORMAT) {
        @Override
        public Outcome send(byte[] body, Duration timeout) {
          int n = calls.incrementAndGet();
          if (failing.contains(n)) {
            throw new ArrayIndexOutOfBoundsException("injected fault in send " + n);
          }
          try {
            proceed.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return super.send(body, timeout);
        }
      };
    }
  }

  /** Records output_* events; the first {@code failed} throws when asked to. */
  private static final class RecordedEvents implements OutputEvents {
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger throwOnFailed;

    RecordedEvents(int throwingFailures) {
      this.throwOnFailed = new AtomicInteger(throwingFailures);
    }

    @Override
    public void retrying(String reason) {
      events.add("retrying: " + reason);
    }

    @Override
    public void recovered(String detail) {
      events.add("recovered: " + detail);
    }

    @Override
    public void failed(String reason) {
      events.add("failed: " + reason);
      if (throwOnFailed.getAndDecrement() > 0) {
        throw new IllegalStateException("event log broken");
      }
    }
  }

  private static final String FAILED_PUSHES =
      "prometheus remote write: samples in pushes that"
          + " failed with an internal error (logged; later pushes re-sent their cumulative values)";
  private static final String UNDELIVERED =
      "prometheus remote write: samples not delivered by the"
          + " end of the run (K6BRIDGE_PROMETHEUS_RW_FLUSH_TIMEOUT reached, or the push thread failed)";

  private Series series(String metric, String... tags) {
    TagSet.Builder b = TagSet.builder().put("testid", "t1");
    for (int i = 0; i < tags.length; i += 2) {
      b.put(tags[i], tags[i + 1]);
    }
    return registry.get(metrics.get(metric), b.build());
  }

  private Map<String, Long> dropCounts() {
    Map<String, Long> m = new TreeMap<>();
    for (DropCounter d : drops) {
      if (d.count() > 0) {
        m.put(d.what(), d.count());
      }
    }
    return m;
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000L;
  }

  @Test
  void writesK6NamesValuesAndLabelsWithK6Headers() throws Exception {
    Output o =
        output(
            "K6_PROMETHEUS_RW_BEARER_TOKEN", "tok3n",
            "K6_PROMETHEUS_RW_HEADERS_X-Scope-OrgID", "tenant-a");
    Series reqs = series("http_reqs", "group", "", "method", "GET", "name", "u", "status", "200");
    Series vus = registry.get(metrics.get("vus"), TagSet.of(Map.of("testid", "t1")));
    Series failed = series("http_req_failed", "group", "::g", "name", "u");
    Series duration = series("http_req_duration", "name", "u", "Zone", "eu");
    o.start();
    o.addMetricSamples(
        new ListBatch()
            .add(reqs, T0, 1)
            .add(reqs, T0 + 1_000_000, 1)
            .add(reqs, T0 + 2_500_000, 1)
            .add(vus, T0, 5)
            .add(vus, T0 + 1_000_000, 7)
            .add(failed, T0, 0)
            .add(failed, T0, 1)
            .add(failed, T0, 0)
            .add(failed, T0, 0)
            .add(duration, T0, 100)
            .add(duration, T0, 300)
            .add(duration, T0 + 4_000_000, 200));
    o.stop();

    Map<String, Double> last = receiver.lastValues();
    Map<String, Double> expected = new TreeMap<>();
    expected.put("k6_http_reqs_total{method=\"GET\",name=\"u\",status=\"200\",testid=\"t1\"}", 3.0);
    expected.put("k6_vus{testid=\"t1\"}", 7.0);
    expected.put("k6_http_req_failed_rate{group=\"::g\",name=\"u\",testid=\"t1\"}", 0.25);
    String tags = "{Zone=\"eu\",name=\"u\",testid=\"t1\"}";
    expected.put("k6_http_req_duration_min" + tags, 0.1);
    expected.put("k6_http_req_duration_max" + tags, 0.3);
    expected.put("k6_http_req_duration_p95" + tags, 0.29);
    expected.put("k6_http_req_duration_p99" + tags, 0.298);
    assertEquals(expected.keySet(), new TreeMap<>(last).keySet());
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      // Percentiles come from the histogram sink: within 1/256 of k6's exact value.
      assertEquals(e.getValue(), last.get(e.getKey()), e.getValue() / 256, e.getKey());
    }
    assertEquals(0.1, last.get("k6_http_req_duration_min" + tags), 0.0);

    for (TimeSeries ts : receiver.series()) {
      List<String> names =
          ts.getLabelsList().stream().map(Label::getName).collect(Collectors.toList());
      List<String> sorted = new ArrayList<>(names);
      sorted.sort(null);
      assertEquals(sorted, names, "labels sorted by name");
      assertTrue(
          ts.getLabelsList()
              .contains(Label.newBuilder().setName("injector").setValue("inj-1").build()),
          names.toString());
      // The sample time is the series' latest sample time, truncated to whole milliseconds.
      long t = ts.getSamples(0).getTimestamp();
      assertTrue(
          t == (long) ms(T0)
              || t == (long) ms(T0 + 1_000_000)
              || t == (long) ms(T0 + 2_500_000)
              || t == (long) ms(T0 + 4_000_000),
          "" + t);
    }
    Map<String, String> h = receiver.headers().get(0);
    assertEquals("snappy", h.get("content-encoding"));
    assertEquals("application/x-protobuf", h.get("content-type"));
    assertEquals("k6-prometheus-rw-output", h.get("user-agent"));
    assertEquals("0.1.0", h.get("x-prometheus-remote-write-version"));
    assertEquals("Bearer tok3n", h.get("authorization"));
    assertEquals("tenant-a", h.get("x-scope-orgid"));
    assertEquals(Map.of(), dropCounts());
  }

  @Test
  void aSeriesAnotherInjectorMeasuredKeepsItsInjectorLabel() throws Exception {
    Output o = output();
    Series own = series("http_reqs", "name", "a");
    Series relayed = series("http_reqs", "name", "a", "injector", "127.0.0.1:1099");
    o.start();
    o.addMetricSamples(new ListBatch().add(own, T0, 1).add(relayed, T0, 2));
    o.stop();
    Map<String, Double> byInjector = new TreeMap<>();
    for (TimeSeries ts : receiver.series()) {
      for (Label l : ts.getLabelsList()) {
        if (l.getName().equals("injector")) {
          byInjector.put(l.getValue(), ts.getSamples(ts.getSamplesCount() - 1).getValue());
        }
      }
    }
    assertEquals(Map.of("inj-1", 1.0, "127.0.0.1:1099", 2.0), byInjector);
  }

  @Test
  void trendStatsFollowK6NamingAndItsSecondsQuirk() throws Exception {
    metrics.register("my_size", MetricType.TREND, ValueType.DATA);
    Output o = output("K6_PROMETHEUS_RW_TREND_STATS", "count,p(99.9),avg,med,sum");
    Series d = series("http_req_duration");
    Series size = series("my_size");
    o.start();
    o.addMetricSamples(
        new ListBatch().add(d, T0, 10).add(d, T0, 30).add(size, T0, 1000).add(size, T0, 3000));
    o.stop();
    Map<String, Double> last = receiver.lastValues();
    String t = "{testid=\"t1\"}";
    assertEquals(
        0.002, last.get("k6_http_req_duration_count" + t), 0.0, "count is divided by 1000 too");
    assertEquals(0.04, last.get("k6_http_req_duration_sum" + t), 1e-15);
    assertEquals(0.02, last.get("k6_http_req_duration_avg" + t), 1e-15);
    assertEquals(0.02, last.get("k6_http_req_duration_med" + t), 0.02 / 256);
    assertEquals(0.02998, last.get("k6_http_req_duration_p999" + t), 0.03 / 256);
    assertEquals(2.0, last.get("k6_my_size_count" + t), 0.0, "data trends stay in bytes");
    assertEquals(2000.0, last.get("k6_my_size_avg" + t), 0.0);
    assertEquals(10, last.size());
  }

  @Test
  void valuesAreCumulativeAcrossPushesAndOnlyChangedSeriesAreSent() throws Exception {
    Output o = output();
    Series a = series("http_reqs", "name", "a");
    Series b = series("http_reqs", "name", "b");
    o.start();
    o.addMetricSamples(new ListBatch().add(a, T0, 1).add(b, T0, 1));
    waitFor(() -> receiver.accepted().size() == 1);
    o.addMetricSamples(new ListBatch().add(a, T0 + 1_000_000, 1).add(a, T0 + 2_000_000, 1));
    o.stop();
    assertEquals(2, receiver.accepted().size());
    assertEquals(2, receiver.accepted().get(0).getTimeseriesCount());
    TimeSeries second = receiver.accepted().get(1).getTimeseries(0);
    assertEquals(1, receiver.accepted().get(1).getTimeseriesCount(), "b did not change");
    assertEquals(3.0, second.getSamples(0).getValue(), 0.0);
    assertEquals((long) ms(T0 + 2_000_000), second.getSamples(0).getTimestamp());
  }

  /**
   * A sample older than what was already written (threads drained one after the other) still
   * reaches the receiver, 1 ms after the last write: k6 would leave the total short.
   */
  @Test
  void aLateOlderSampleIsStillWrittenAfterTheLastWrite() throws Exception {
    Output o = output();
    Series a = series("http_reqs", "name", "a");
    o.start();
    o.addMetricSamples(new ListBatch().add(a, T0 + 5_000_000, 1));
    waitFor(() -> receiver.accepted().size() == 1);
    o.addMetricSamples(new ListBatch().add(a, T0 + 2_000_000, 1));
    waitFor(() -> receiver.accepted().size() == 2);
    o.addMetricSamples(new ListBatch().add(a, T0 + 3_000_000, 1).add(a, T0 + 9_000_000, 1));
    o.stop();
    assertEquals(3, receiver.accepted().size());
    List<Double> values = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TimeSeries ts = receiver.accepted().get(i).getTimeseries(0);
      values.add(ts.getSamples(0).getValue());
      times.add(ts.getSamples(0).getTimestamp());
    }
    assertEquals(List.of(1.0, 2.0, 4.0), values);
    long t5 = (long) ms(T0 + 5_000_000);
    assertEquals(List.of(t5, t5 + 1, (long) ms(T0 + 9_000_000)), times);
  }

  @Test
  void nativeHistogramsCarryEveryValueWithinTheDocumentedBucketError() throws Exception {
    metrics.register("my_size", MetricType.TREND, ValueType.DATA);
    metrics.register("my_plain", MetricType.TREND, ValueType.DEFAULT);
    Output o = output("K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", "true");
    Series d = series("http_req_duration");
    ListBatch batch = new ListBatch();
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double v = i == 0 ? 0 : 0.05 * Math.pow(1.004, i); // 0 and 0.05 ms .. ~8 s: many buckets
      batch.add(d, T0, v);
      seconds.add(v / 1000);
    }
    batch.add(series("my_size"), T0, 512).add(series("my_plain"), T0, 3);
    o.start();
    o.addMetricSamples(batch);
    o.stop();
    Map<String, Histogram> byName = new HashMap<>();
    for (TimeSeries ts : receiver.series()) {
      assertEquals(0, ts.getSamplesCount());
      byName.put(FakeReceiver.key(ts.getLabelsList()), ts.getHistograms(0));
    }
    assertEquals(
        List.of(
            "k6_http_req_duration_seconds{testid=\"t1\"}",
            "k6_my_plain{testid=\"t1\"}",
            "k6_my_size_bytes{testid=\"t1\"}"),
        byName.keySet().stream().sorted().collect(Collectors.toList()));
    Histogram h = byName.get("k6_http_req_duration_seconds{testid=\"t1\"}");
    assertEquals(3, h.getSchema());
    assertEquals(3000, h.getCountInt());
    assertEquals(1, h.getZeroCountInt());
    assertEquals(seconds.stream().mapToDouble(x -> x).sum(), h.getSum(), 1e-9);
    TreeMap<Integer, Long> buckets = decode(h);
    assertEquals(2999, buckets.values().stream().mapToLong(x -> x).sum());
    // Cumulative counts at every bucket's upper bound lie between the exact counts at that bound
    // moved 1/128 down and up: a value changes bucket only that close to a boundary.
    long cumulative = 0;
    for (Map.Entry<Integer, Long> b : buckets.entrySet()) {
      cumulative += b.getValue();
      double upper = Math.pow(2, b.getKey() / 8.0);
      long low = seconds.stream().filter(v -> v > 0 && v <= upper * (1 - 1 / 128.0)).count();
      long high = seconds.stream().filter(v -> v > 0 && v <= upper * (1 + 1 / 128.0)).count();
      assertTrue(
          cumulative >= low && cumulative <= high,
          b + ": " + low + " <= " + cumulative + " <= " + high);
    }
    assertEquals(
        Map.of(0, 1L),
        decode(byName.get("k6_my_plain{testid=\"t1\"}")).entrySet().stream()
            .collect(
                Collectors.toMap(
                    e -> e.getKey() - NativeHistogramEncoder.index(3), Map.Entry::getValue)));
  }

  /** Bucket index to count, from spans and deltas as Prometheus reads them. */
  static TreeMap<Integer, Long> decode(Histogram h) {
    TreeMap<Integer, Long> out = new TreeMap<>();
    int index = 0;
    int delta = 0;
    long count = 0;
    for (int s = 0; s < h.getPositiveSpansCount(); s++) {
      index += h.getPositiveSpans(s).getOffset();
      for (int i = 0; i < h.getPositiveSpans(s).getLength(); i++) {
        count += h.getPositiveDeltas(delta++);
        assertTrue(count >= 0);
        if (count > 0) {
          out.put(index, count);
        }
        index++;
      }
      assertTrue(s == 0 || h.getPositiveSpans(s).getOffset() >= 0);
    }
    assertEquals(h.getPositiveDeltasCount(), delta);
    return out;
  }

  @Test
  void retries5xx429AndStalledConnectionsInOrderUntilDelivered() throws Exception {
    receiver.answer(500, 503, 429, -1);
    receiver.stallMillis = 6000;
    Output o = output();
    Series a = series("http_reqs");
    o.start();
    long start = System.nanoTime();
    o.addMetricSamples(new ListBatch().add(a, T0, 1));
    Thread.sleep(300);
    o.addMetricSamples(new ListBatch().add(a, T0 + 1_000_000, 1));
    waitFor(() -> receiver.accepted().size() >= 1);
    o.stop();
    assertTrue(
        System.nanoTime() - start > 5_000_000_000L, "waited for the stalled answer to time out");
    List<Double> values = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (TimeSeries ts : receiver.series()) {
      values.add(ts.getSamples(0).getValue());
      times.add(ts.getSamples(0).getTimestamp());
    }
    assertEquals(List.of(1.0, 2.0), values, "both writes, whole and in order");
    assertEquals(List.of((long) ms(T0), (long) ms(T0 + 1_000_000)), times);
    assertEquals(6, receiver.requests());
    assertEquals(Map.of(), dropCounts());
  }

  @Test
  void clientErrorsAreNotRetriedAndAreCounted() throws Exception {
    receiver.answer(400);
    Output o = output();
    Series a = series("http_reqs");
    Series d = series("http_req_duration");
    o.start();
    o.addMetricSamples(new ListBatch().add(a, T0, 1).add(d, T0, 5));
    waitFor(() -> receiver.requests() == 1);
    o.addMetricSamples(new ListBatch().add(a, T0 + 1_000_000, 1));
    o.stop();
    assertEquals(2, receiver.requests());
    assertEquals(Map.of("k6_http_reqs_total{testid=\"t1\"}", 2.0), receiver.lastValues());
    assertEquals(
        Map.of("prometheus remote write: samples rejected by the receiver (4xx, not retried)", 5L),
        dropCounts());
  }

  @Test
  void aFullBacklogDropsTheOldestWritesAndLaterWritesKeepTotalsExact() throws Exception {
    receiver.answer(500, 500, 500);
    Output o = output("K6BRIDGE_PROMETHEUS_RW_MAX_PENDING_BYTES", "1");
    Series a = series("http_reqs", "name", "a");
    Series b = series("http_reqs", "name", "b");
    o.start();
    o.addMetricSamples(new ListBatch().add(b, T0, 1));
    for (int i = 1; i <= 15; i++) {
      o.addMetricSamples(new ListBatch().add(a, T0 + i * 1_000_000L, 1));
      Thread.sleep(100);
    }
    o.stop();
    assertEquals(
        Map.of(
            "k6_http_reqs_total{name=\"a\",testid=\"t1\"}",
            15.0,
            "k6_http_reqs_total{name=\"b\",testid=\"t1\"}",
            1.0),
        receiver.lastValues(),
        "b's only write was dropped, so b went out again");
    long overflow =
        dropCounts().entrySet().stream()
            .filter(e -> e.getKey().contains("backlog"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertTrue(overflow > 0, dropCounts().toString());
  }

  @Test
  void theFinalFlushIsBoundedAndCountsWhatItCouldNotDeliver() throws Exception {
    int[] failures = new int[200];
    java.util.Arrays.fill(failures, 503);
    receiver.answer(failures);
    Output o =
        output(
            "K6BRIDGE_PROMETHEUS_RW_FLUSH_TIMEOUT", "1s", "K6_PROMETHEUS_RW_PUSH_INTERVAL", "1h");
    o.start();
    o.addMetricSamples(new ListBatch().add(series("http_reqs"), T0, 1).add(series("vus"), T0, 1));
    long start = System.nanoTime();
    o.stop();
    long took = (System.nanoTime() - start) / 1_000_000;
    assertTrue(took >= 900 && took < 2500, took + " ms");
    assertEquals(Map.of(UNDELIVERED, 2L), dropCounts());
  }

  @Test
  void staleMarkersEndEverySeriesAfterTheFinalWrite() throws Exception {
    Output o =
        output("K6_PROMETHEUS_RW_STALE_MARKERS", "true", "K6_PROMETHEUS_RW_PUSH_INTERVAL", "1h");
    o.start();
    o.addMetricSamples(
        new ListBatch().add(series("http_reqs"), T0, 1).add(series("http_req_duration"), T0, 1));
    long before = System.currentTimeMillis();
    o.stop();
    assertEquals(2, receiver.accepted().size());
    List<TimeSeries> stale = receiver.accepted().get(1).getTimeseriesList();
    assertEquals(5, stale.size(), "1 counter + 4 trend stats");
    for (TimeSeries ts : stale) {
      assertEquals(0x7ff0000000000002L, Double.doubleToRawLongBits(ts.getSamples(0).getValue()));
      assertTrue(ts.getSamples(0).getTimestamp() > before);
    }
  }

  @Test
  void seriesBeyondTheLimitFoldIntoOneOverflowSeriesPerMetric() throws Exception {
    Output o = output("K6BRIDGE_PROMETHEUS_RW_MAX_SERIES", "2", "K6_TAGS", "testid=t1,env=ci");
    o.start();
    ListBatch batch = new ListBatch();
    for (int i = 0; i < 5; i++) {
      batch.add(series("http_reqs", "name", "u" + i), T0, 1 + i);
    }
    o.addMetricSamples(batch);
    o.stop();
    assertEquals(
        Map.of(
            "k6_http_reqs_total{name=\"u0\",testid=\"t1\"}",
            1.0,
            "k6_http_reqs_total{name=\"u1\",testid=\"t1\"}",
            2.0,
            "k6_http_reqs_total{env=\"ci\",k6bridge_overflow=\"true\",testid=\"t1\"}",
            12.0),
        receiver.lastValues());
    assertEquals(
        3L,
        dropCounts().entrySet().stream()
            .filter(e -> e.getKey().contains("overflow"))
            .mapToLong(Map.Entry::getValue)
            .sum());
  }

  @Test
  void theLimitCountsWhatPrometheusStoresATrendOncePerStat() throws Exception {
    // Four stats by default: a limit of 9 takes two trend series (8), not a third.
    Output o = output("K6BRIDGE_PROMETHEUS_RW_MAX_SERIES", "9", "K6_TAGS", "testid=t1");
    o.start();
    ListBatch batch = new ListBatch();
    for (int i = 0; i < 3; i++) {
      batch.add(series("http_req_duration", "name", "u" + i), T0, 10);
    }
    o.addMetricSamples(batch);
    o.stop();
    assertEquals(8 + 4, receiver.lastValues().size(), receiver.lastValues().keySet().toString());
    assertEquals(
        1L,
        dropCounts().entrySet().stream()
            .filter(e -> e.getKey().contains("overflow"))
            .mapToLong(Map.Entry::getValue)
            .sum());
  }

  @Test
  void credentialsInTheUrlAuthenticateButNeverShow() throws Exception {
    String url = receiver.url().replace("http://", "http://alice:s3cret@");
    Output o = output("K6_PROMETHEUS_RW_SERVER_URL", url);
    assertFalse(o.description().contains("s3cret"), o.description());
    assertEquals("Prometheus remote write (" + receiver.url() + ")", o.description());
    o.start();
    o.addMetricSamples(new ListBatch().add(series("http_reqs"), T0, 1));
    o.stop();
    assertEquals("Basic YWxpY2U6czNjcmV0", receiver.headers().get(0).get("authorization"));
  }

  /**
   * A push that throws costs that push only: later pushes carry every series' current cumulative
   * value (the failed push's series too), the loss is counted and reported once per kind.
   */
  @Test
  void anUnexpectedFaultInOnePushCostsThatPushOnly() throws Exception {
    FaultyClients clients = new FaultyClients(1, 2);
    RecordedEvents events = new RecordedEvents(0);
    Output o = RemoteWriteOutputFactory.create(params(events), clients);
    Series a = series("http_reqs", "name", "a");
    Series b = series("http_reqs", "name", "b");
    o.start();
    o.addMetricSamples(new ListBatch().add(a, T0, 1).add(a, T0 + 1_000_000, 1).add(b, T0, 1));
    waitFor(() -> receiver.accepted().size() == 1);
    assertEquals(3, clients.calls.get(), "two pushes failed, the third went out");
    assertEquals(
        Map.of(
            "k6_http_reqs_total{name=\"a\",testid=\"t1\"}",
            2.0,
            "k6_http_reqs_total{name=\"b\",testid=\"t1\"}",
            1.0),
        receiver.lastValues());
    o.addMetricSamples(new ListBatch().add(a, T0 + 2_000_000, 1));
    o.stop();
    assertEquals(2, receiver.accepted().size());
    assertEquals(
        Map.of(
            "k6_http_reqs_total{name=\"a\",testid=\"t1\"}",
            3.0,
            "k6_http_reqs_total{name=\"b\",testid=\"t1\"}",
            1.0),
        receiver.lastValues());
    assertEquals(Map.of(FAILED_PUSHES, 4L), dropCounts(), "2 series in each failed push");
    assertEquals(
        List.of(
            "failed: unexpected fault sending a write of 2 samples:"
                + " java.lang.ArrayIndexOutOfBoundsException: injected fault in send 1"),
        events.events,
        "once per kind");
  }

  @Test
  void theFinalPushSurvivesAnUnexpectedFaultToo() throws Exception {
    FaultyClients clients = new FaultyClients(1);
    RecordedEvents events = new RecordedEvents(0);
    Output o =
        RemoteWriteOutputFactory.create(
            params(events, "K6_PROMETHEUS_RW_PUSH_INTERVAL", "1h"), clients);
    Series a = series("http_reqs", "name", "a");
    o.start();
    o.addMetricSamples(
        new ListBatch().add(a, T0, 1).add(a, T0 + 1_000_000, 1).add(series("vus"), T0, 4));
    o.stop();
    assertEquals(2, clients.calls.get());
    assertEquals(1, receiver.accepted().size());
    assertEquals(
        Map.of("k6_http_reqs_total{name=\"a\",testid=\"t1\"}", 2.0, "k6_vus{testid=\"t1\"}", 4.0),
        receiver.lastValues());
    assertEquals(Map.of(FAILED_PUSHES, 2L), dropCounts());
    assertEquals(1, events.events.size(), events.events.toString());
  }

  /** A fault the per-push guard cannot absorb (here: in reporting the fault) fails stop(). */
  @Test
  void aDeadPushThreadFailsStopAndCountsWhatItDidNotDeliver() throws Exception {
    FaultyClients clients = new FaultyClients(1);
    RecordedEvents events = new RecordedEvents(1);
    Output o = RemoteWriteOutputFactory.create(params(events), clients);
    o.start();
    o.addMetricSamples(
        new ListBatch()
            .add(series("http_reqs", "name", "a"), T0, 1)
            .add(series("http_reqs", "name", "b"), T0, 1));
    waitFor(() -> clients.calls.get() == 1);
    o.addMetricSamples(new ListBatch().add(series("http_reqs", "name", "c"), T0, 1));
    IllegalStateException e = assertThrows(IllegalStateException.class, o::stop);
    assertTrue(
        e.getMessage()
            .startsWith(
                "Prometheus remote write: the push thread died"
                    + " (java.lang.IllegalStateException: event log broken); 3 samples not delivered"),
        e.getMessage());
    assertEquals(1, clients.calls.get(), "nothing was sent after the thread died");
    assertEquals(0, receiver.requests());
    assertEquals(Map.of(FAILED_PUSHES, 2L, UNDELIVERED, 3L), dropCounts());
    assertEquals(2, events.events.size(), events.events.toString());
    assertEquals(
        "failed: push thread died: java.lang.IllegalStateException: event log broken",
        events.events.get(1));
  }

  /**
   * A final flush still running at stop's deadline is a failure, not a quiet return: it owns the
   * backlog, and what it counts later would miss the run's report.
   */
  @Test
  void aFinalFlushOutlivingStopsDeadlineFailsStop() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FaultyClients clients = new FaultyClients(release);
    Output o =
        RemoteWriteOutputFactory.create(
            params(
                OutputEvents.NONE,
                "K6_PROMETHEUS_RW_PUSH_INTERVAL",
                "1h",
                "K6BRIDGE_PROMETHEUS_RW_FLUSH_TIMEOUT",
                "100ms"),
            clients);
    o.start();
    o.addMetricSamples(new ListBatch().add(series("http_reqs"), T0, 1));
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, o::stop);
      assertTrue(
          e.getMessage()
              .contains(
                  "did not end within"
                      + " K6BRIDGE_PROMETHEUS_RW_FLUSH_TIMEOUT=PT0.1S plus one request"),
          e.getMessage());
    } finally {
      release.countDown();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
