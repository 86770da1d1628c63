package io.k6bridge.jmeter;

import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.http.HttpStatus;
import io.k6bridge.k6.K6Series;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;

/**
 * Builds the series a new {@link RequestKey} records into: what JMeter measured, tagged by k6's
 * rules ({@link K6Series}). Runs only when a sampler thread meets a key for the first time;
 * thread-safe because tag sets and series are interned by thread-safe registries.
 */
final class SeriesFactory {
  static final String DEFAULT_SCENARIO = "default";

  private static final String[] PROTOS = {null, "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"};

  private final K6Series k6;
  private final JMeterMetrics custom;

  /**
   * @param runTags the tags every sample carries: the run's, plus the engine's {@code injector} for
   *     results a remote engine sent ({@link RemoteEngines})
   */
  SeriesFactory(MetricsEngine engine, JMeterMetrics custom, TagSet runTags) {
    this.k6 = new K6Series(engine.series(), runTags, engine.systemTags());
    this.custom = custom;
  }

  /** Whether the run's series are at their limit, so new ones are folded (SeriesRegistry). */
  boolean full() {
    return k6.full();
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
    K6Series.Request r =
        new K6Series.Request(
            k.group,
            k.scenario,
            k.label,
            k.host == null ? null : K6Series.url(k.protocol, k.userInfo, k.host, k.port, k.file),
            k.method,
            PROTOS[k.proto],
            transport ? 0 : HttpStatus.parse(k.responseCode),
            k.errorCode,
            transport ? TransportError.message(k.errorCode, k.responseCode) : null);
    TagSet tags = k6.request(r);
    TagSet data = k6.data(k.group, k.scenario);
    Series[] all = new Series[HttpSeries.COUNT];
    all[HttpSeries.REQS] = k6.series(BuiltinMetrics.HTTP_REQS, tags);
    all[HttpSeries.DURATION] = k6.series(BuiltinMetrics.HTTP_REQ_DURATION, tags);
    all[HttpSeries.CONNECTING] = k6.series(BuiltinMetrics.HTTP_REQ_CONNECTING, tags);
    all[HttpSeries.WAITING] = k6.series(BuiltinMetrics.HTTP_REQ_WAITING, tags);
    all[HttpSeries.RECEIVING] = k6.series(BuiltinMetrics.HTTP_REQ_RECEIVING, tags);
    all[HttpSeries.FAILED] = k6.series(BuiltinMetrics.HTTP_REQ_FAILED, tags);
    all[HttpSeries.DATA_SENT] = k6.series(BuiltinMetrics.DATA_SENT, data);
    all[HttpSeries.DATA_RECEIVED] = k6.series(BuiltinMetrics.DATA_RECEIVED, data);
    return new HttpSeries(all, r.failedValue());
  }

  /** Non-HTTP samples: JMeter's own metrics, tagged {@code name} and JMeter's response code. */
  OtherSeries other(RequestKey k) {
    TagSet tags = k6.named(k.group, k.scenario, k.label, k.responseCode);
    return new OtherSeries(
        k6.series(custom.samples, tags),
        k6.series(custom.sampleDuration, tags),
        k6.series(custom.sampleFailed, tags));
  }

  /** {@code k.label} is the assertion's name. */
  Series check(RequestKey k) {
    return k6.check(k.group, k.scenario, k.label);
  }

  /** {@code k.group} is the transaction's own path, as k6 tags group_duration. */
  Series group(RequestKey k) {
    return k6.groupDuration(k.group, k.scenario);
  }

  IterationSeries iterations(String scenario) {
    return new IterationSeries(k6.iterations(scenario), k6.iterationDuration(scenario));
  }

  /**
   * The series one HTTP request records into, in the order of its value indexes, so the request is
   * recorded in one call ({@link io.k6bridge.ingest.SampleWriter#record(Series[], long,
   * double[])}).
   *
   * @param failedValue http_req_failed's value for every request of these series: their tags fix
   *     the status
   */
  record HttpSeries(Series[] all, double failedValue) {
    static final int REQS = 0;
    static final int DURATION = 1;
    static final int CONNECTING = 2;
    static final int WAITING = 3;
    static final int RECEIVING = 4;
    static final int FAILED = 5;
    static final int DATA_SENT = 6;
    static final int DATA_RECEIVED = 7;
    static final int COUNT = 8;
  }

  record OtherSeries(Series samples, Series duration, Series failed) {}

  record IterationSeries(Series iterations, Series duration) {}
}
