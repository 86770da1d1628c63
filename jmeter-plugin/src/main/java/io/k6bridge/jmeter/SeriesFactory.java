package io.k6bridge.jmeter;

import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.http.HttpProto;
import io.k6bridge.http.HttpStatus;
import io.k6bridge.ingest.RequestKey;
import io.k6bridge.ingest.ThreadIterations;
import io.k6bridge.k6.HttpSeries;
import io.k6bridge.k6.K6Series;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;

/**
 * Builds the series a new {@link RequestKey} records into: what JMeter measured, tagged by k6's
 * rules ({@link K6Series}). Runs only when a sampler thread meets a key for the first time;
 * thread-safe because tag sets and series are interned by thread-safe registries.
 */
final class SeriesFactory {
  static final String DEFAULT_SCENARIO = "default";

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
            HttpProto.name(k.proto),
            transport ? 0 : HttpStatus.parse(k.responseCode),
            k.errorCode,
            transport ? TransportError.message(k.errorCode, k.responseCode) : null);
    return k6.http(r);
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

  /** A thread's iterations in {@code scenario}, whose thread group runs {@code loops}. */
  ThreadIterations iterations(String scenario, int loops) {
    return new ThreadIterations(k6.iterations(scenario), k6.iterationDuration(scenario), loops);
  }

  record OtherSeries(Series samples, Series duration, Series failed) {}
}
