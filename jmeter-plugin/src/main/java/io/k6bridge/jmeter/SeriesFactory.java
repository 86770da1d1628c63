package io.k6bridge.jmeter;

import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.http.HttpStatus;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SeriesRegistry;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;

/**
 * Builds the series a new {@link RequestKey} records into, with k6's tags: the run tags, then the
 * enabled system tags. Runs only when a sampler thread meets a key for the first time; thread-safe
 * because tag sets and series are interned by thread-safe registries.
 */
final class SeriesFactory {
  static final String DEFAULT_SCENARIO = "default";

  private static final String[] PROTOS = {null, "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"};

  private final SeriesRegistry registry;
  private final TagSet runTags;
  private final SystemTags systemTags;
  private final JMeterMetrics custom;

  SeriesFactory(MetricsEngine engine, JMeterMetrics custom) {
    this.registry = engine.series();
    this.runTags = engine.runTags();
    this.systemTags = engine.systemTags();
    this.custom = custom;
  }

  /** Whether the run's series are at their limit, so new ones are folded (SeriesRegistry). */
  boolean full() {
    return registry.full();
  }

  /** HTTP/1.1 = 1, HTTP/2.0 = 2, HTTP/1.0 = 3, from the status line JMeter keeps in the headers. */
  static int proto(String responseHeaders) {
    if (responseHeaders == null) {
      return 1;
    }
    if (responseHeaders.startsWith("HTTP/2")) {
      return 2;
    }
    return responseHeaders.startsWith("HTTP/1.0") ? 3 : 1;
  }

  /** {@code k.errorCode} is non-zero exactly for transport errors. */
  HttpSeries http(RequestKey k) {
    boolean transport = k.errorCode != 0;
    int status = transport ? 0 : HttpStatus.parse(k.responseCode);
    boolean expected = !transport && status >= 200 && status <= 399;
    TagSet.Builder b = base(k.group, k.scenario);
    systemTags.put(b, "name", k.label);
    if (k.host != null) {
      systemTags.put(b, "url", url(k));
    }
    if (k.method != null) {
      systemTags.put(b, "method", k.method);
    }
    systemTags.put(b, "status", Integer.toString(status));
    systemTags.put(b, "expected_response", Boolean.toString(expected));
    if (transport) {
      systemTags.put(b, "error_code", Integer.toString(k.errorCode));
      systemTags.put(b, "error", TransportError.message(k.errorCode, k.responseCode));
    } else {
      systemTags.put(b, "proto", PROTOS[k.proto]);
      if (status >= 400) {
        systemTags.put(b, "error_code", Integer.toString(1000 + status));
      }
    }
    TagSet tags = b.build();
    TagSet vuTags = base(k.group, k.scenario).build();
    Series[] all = new Series[HttpSeries.COUNT];
    all[HttpSeries.REQS] = registry.get(BuiltinMetrics.HTTP_REQS, tags);
    all[HttpSeries.DURATION] = registry.get(BuiltinMetrics.HTTP_REQ_DURATION, tags);
    all[HttpSeries.CONNECTING] = registry.get(BuiltinMetrics.HTTP_REQ_CONNECTING, tags);
    all[HttpSeries.WAITING] = registry.get(BuiltinMetrics.HTTP_REQ_WAITING, tags);
    all[HttpSeries.RECEIVING] = registry.get(BuiltinMetrics.HTTP_REQ_RECEIVING, tags);
    all[HttpSeries.FAILED] = registry.get(BuiltinMetrics.HTTP_REQ_FAILED, tags);
    all[HttpSeries.DATA_SENT] = registry.get(BuiltinMetrics.DATA_SENT, vuTags);
    all[HttpSeries.DATA_RECEIVED] = registry.get(BuiltinMetrics.DATA_RECEIVED, vuTags);
    return new HttpSeries(all, expected ? 0 : 1);
  }

  OtherSeries other(RequestKey k) {
    TagSet.Builder b = base(k.group, k.scenario);
    systemTags.put(b, "name", k.label);
    systemTags.put(b, "status", k.responseCode);
    TagSet tags = b.build();
    return new OtherSeries(
        registry.get(custom.samples, tags),
        registry.get(custom.sampleDuration, tags),
        registry.get(custom.sampleFailed, tags));
  }

  /** {@code k.label} is the assertion's name. */
  Series check(RequestKey k) {
    TagSet.Builder b = base(k.group, k.scenario);
    systemTags.put(b, "check", k.label);
    return registry.get(BuiltinMetrics.CHECKS, b.build());
  }

  /** {@code k.group} is the transaction's own path, as k6 tags group_duration. */
  Series group(RequestKey k) {
    return registry.get(BuiltinMetrics.GROUP_DURATION, base(k.group, k.scenario).build());
  }

  /** Iterations run in the root group, as k6's do. */
  IterationSeries iterations(String scenario) {
    TagSet tags = base(GroupPaths.ROOT, scenario).build();
    return new IterationSeries(
        registry.get(BuiltinMetrics.ITERATIONS, tags),
        registry.get(BuiltinMetrics.ITERATION_DURATION, tags));
  }

  /** k6 tags vus and vus_max with the run tags only. */
  Series vus() {
    return registry.get(BuiltinMetrics.VUS, runTags);
  }

  Series vusMax() {
    return registry.get(BuiltinMetrics.VUS_MAX, runTags);
  }

  private TagSet.Builder base(String group, String scenario) {
    TagSet.Builder b = TagSet.builder().putAll(runTags);
    systemTags.put(b, "group", group);
    systemTags.put(b, "scenario", scenario);
    return b;
  }

  /** k6's cleaned URL: a password in the user info is masked. */
  private static String url(RequestKey k) {
    StringBuilder s = new StringBuilder(k.protocol).append("://");
    if (k.userInfo != null) {
      int colon = k.userInfo.indexOf(':');
      s.append(colon < 0 ? k.userInfo : k.userInfo.substring(0, colon) + ":****").append('@');
    }
    s.append(k.host);
    if (k.port != -1) {
      s.append(':').append(k.port);
    }
    return s.append(k.file == null || k.file.isEmpty() ? "/" : k.file).toString();
  }

  /** The series of one HTTP request tag set, plus its failure value, fixed by its status. */
  /**
   * The series one HTTP request records into, in the order of its value indexes, so the request is
   * recorded in one call ({@link io.k6bridge.ingest.SampleWriter#record(Series[], long, double[])}).
   */
  static final class HttpSeries {
    static final int REQS = 0;
    static final int DURATION = 1;
    static final int CONNECTING = 2;
    static final int WAITING = 3;
    static final int RECEIVING = 4;
    static final int FAILED = 5;
    static final int DATA_SENT = 6;
    static final int DATA_RECEIVED = 7;
    static final int COUNT = 8;

    final Series[] all;
    /** http_req_failed's value for every request of this series: its tags fix the status. */
    final double failedValue;

    HttpSeries(Series[] all, double failedValue) {
      this.all = all;
      this.failedValue = failedValue;
    }
  }

  static final class OtherSeries {
    final Series samples;
    final Series duration;
    final Series failed;

    OtherSeries(Series samples, Series duration, Series failed) {
      this.samples = samples;
      this.duration = duration;
      this.failed = failed;
    }
  }

  static final class IterationSeries {
    final Series iterations;
    final Series duration;

    IterationSeries(Series iterations, Series duration) {
      this.iterations = iterations;
      this.duration = duration;
    }
  }
}
