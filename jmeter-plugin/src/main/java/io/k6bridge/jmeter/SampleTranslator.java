package io.k6bridge.jmeter;

import io.k6bridge.engine.RelayedInjectors;
import io.k6bridge.http.HttpProto;
import io.k6bridge.ingest.CheckSeries;
import io.k6bridge.ingest.RequestKey;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.ingest.SeriesCache;
import io.k6bridge.ingest.ThreadIterations;
import io.k6bridge.jmeter.SeriesFactory.OtherSeries;
import io.k6bridge.k6.HttpSeries;
import io.k6bridge.metrics.Series;
import java.net.URL;
import java.util.List;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.control.TransactionController;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * Turns one JMeter thread's sample results into k6 samples, on that thread. Owned by one thread:
 * its caches need no locks, and once a tag combination has been seen, translating a result
 * allocates nothing, assertions and sub-results included ({@link ResultLists}).
 *
 * <p>Timestamps are the result's end time, as k6 stamps a request when it ends.
 */
final class SampleTranslator {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final SeriesFactory factory;
  private final SampleWriter writer;
  private final GroupPaths paths = new GroupPaths();
  private final RequestKey httpProbe = new RequestKey(RequestKey.HTTP);
  private final RequestKey otherProbe = new RequestKey(RequestKey.OTHER);
  private final RequestKey groupProbe = new RequestKey(RequestKey.GROUP);
  private final SeriesCache<RequestKey, HttpSeries> http;
  private final SeriesCache<RequestKey, OtherSeries> other;
  private final CheckSeries checks;
  private final SeriesCache<RequestKey, Series> groups;
  private final double[] httpValues = new double[HttpSeries.COUNT];

  private AbstractThreadGroup threadGroup;
  private String scenario = SeriesFactory.DEFAULT_SCENARIO;
  private ThreadIterations iterations;

  SampleTranslator(SeriesFactory factory, SampleWriter writer) {
    this.factory = factory;
    this.writer = writer;
    http = new SeriesCache<>(factory::http, factory::full);
    other = new SeriesCache<>(factory::other, factory::full);
    checks = new CheckSeries(factory::check, factory::full);
    groups = new SeriesCache<>(factory::group, factory::full);
  }

  void translate(JMeterContext ctx, SampleResult result) {
    String scenario = scenario(ctx);
    JMeterVariables vars = ctx.getVariables();
    if (vars != null) {
      iterations.observe(vars.getIteration(), result.getStartTime(), result.getEndTime(), writer);
    }
    record(ctx, result, scenario);
  }

  /**
   * A result a remote engine sent the controller, whose context holds neither the engine's test
   * tree nor its iteration: the engine's sender adds them ({@link EngineSampleSender}). Without it,
   * Transaction Controllers give top-level groups and no iterations are counted.
   */
  void translateRemote(
      JMeterContext controller,
      SampleResult result,
      RemoteEngines.Origin origin,
      RelayedInjectors relays) {
    relays.received(origin.engine(), result.getAllThreads(), result.getEndTime());
    EngineSampleSender.Event facts = EngineSampleSender.received();
    String scenario = origin.scenario();
    if (facts == null) {
      record(controller, result, scenario);
      return;
    }
    relays.iteration(
        result.getThreadName(),
        () -> factory.iterations(scenario, facts.loops),
        facts.iteration,
        result.getStartTime(),
        result.getEndTime(),
        writer);
    if (facts.health != null) {
      relays.health(origin.engine(), facts.health);
    }
    if (isTransaction(result)) {
      transaction(result, facts.group, scenario);
    } else {
      result(result, facts.group, scenario);
    }
  }

  private void record(JMeterContext ctx, SampleResult result, String scenario) {
    if (isTransaction(result)) {
      transaction(result, paths.transaction(ctx, result.getSampleLabel()), scenario);
    } else {
      result(result, paths.enclosing(ctx), scenario);
    }
  }

  /**
   * Records the thread's last iteration if it completed ({@link ThreadIterations#flushLast}).
   * Called by the thread that tears the test down, after sampler threads ended, with its own
   * writer.
   */
  void flushLastIteration(SampleWriter teardownWriter) {
    if (iterations != null) {
      iterations.flushLast(teardownWriter);
    }
  }

  private String scenario(JMeterContext ctx) {
    AbstractThreadGroup tg = ctx.getThreadGroup();
    if (tg != threadGroup || iterations == null) {
      threadGroup = tg;
      scenario = tg == null ? SeriesFactory.DEFAULT_SCENARIO : tg.getName();
      iterations = factory.iterations(scenario, loopsOf(tg));
    }
    return scenario;
  }

  /** The thread group's loop count, or -1 when infinite or unknown (third-party groups). */
  static int loopsOf(AbstractThreadGroup tg) {
    try {
      if (tg != null && tg.getSamplerController() instanceof LoopController) {
        return ((LoopController) tg.getSamplerController()).getLoops();
      }
    } catch (RuntimeException e) {
      // A thread group without a main controller: its loop count cannot be known.
    }
    return -1;
  }

  static boolean isTransaction(SampleResult r) {
    return r.getResponseMessage() != null && TransactionController.isFromTransactionController(r);
  }

  /**
   * A Transaction Controller's sample: group_duration for its path. In "generate parent sample"
   * mode its children (and nested transactions) arrive only as its sub-results; otherwise it has
   * none and its children arrived on their own.
   */
  private void transaction(SampleResult r, String path, String scenario) {
    long t = r.getEndTime() * NANOS_PER_MILLI;
    writer.record(groups.get(groupProbe.sealIn(path, scenario)), t, r.getTime());
    checks(r, path, scenario, t);
    children(ResultLists.subResults(r), path, scenario);
  }

  /** Sub-results inside {@code group}: nested transactions and samplers' results. */
  private void children(List<SampleResult> subs, String group, String scenario) {
    for (int i = 0, n = subs.size(); i < n; i++) {
      SampleResult sub = subs.get(i);
      if (isTransaction(sub)) {
        transaction(sub, paths.child(group, sub.getSampleLabel()), scenario);
      } else {
        result(sub, group, scenario);
      }
    }
  }

  /** A sampler's result; one that holds sub-results (redirect hops, resources) is not a request. */
  private void result(SampleResult r, String group, String scenario) {
    checks(r, group, scenario, r.getEndTime() * NANOS_PER_MILLI);
    List<SampleResult> subs = ResultLists.subResults(r);
    if (!subs.isEmpty()) {
      children(subs, group, scenario);
    } else if (r instanceof HTTPSampleResult) {
      http((HTTPSampleResult) r, group, scenario);
    } else {
      other(r, group, scenario);
    }
  }

  private void checks(SampleResult r, String group, String scenario, long t) {
    List<AssertionResult> assertions = ResultLists.assertions(r);
    for (int i = 0, n = assertions.size(); i < n; i++) {
      AssertionResult a = assertions.get(i);
      writer.record(
          checks.get(a.getName(), group, scenario), t, a.isFailure() || a.isError() ? 0 : 1);
    }
  }

  private void http(HTTPSampleResult r, String group, String scenario) {
    String code = r.getResponseCode();
    RequestKey k = httpProbe;
    k.label = r.getSampleLabel();
    k.method = r.getHTTPMethod();
    // Never URL.hashCode/equals: they resolve the host name.
    URL url = r.getURL();
    boolean hasUrl = url != null;
    k.protocol = hasUrl ? url.getProtocol() : null;
    k.host = hasUrl ? url.getHost() : null;
    k.port = hasUrl ? url.getPort() : 0;
    k.file = hasUrl ? url.getFile() : null;
    k.userInfo = hasUrl ? url.getUserInfo() : null;
    k.responseCode = code;
    boolean transportError = TransportError.isTransportError(code);
    k.errorCode = transportError ? TransportError.code(code, r.getResponseMessage()) : 0;
    k.proto = transportError ? 0 : HttpProto.of(r.getResponseHeaders());
    HttpSeries s = http.get(k.sealIn(group, scenario));
    long t = r.getEndTime() * NANOS_PER_MILLI;
    long time = r.getTime();
    long connect = Math.min(Math.max(r.getConnectTime(), 0), time);
    // Without a response nothing was waited for or received. Otherwise latency includes connect
    // (clamped so the phases still add up to http_req_duration when JMeter rounds them apart); a
    // sub-millisecond first byte legitimately reports latency 0.
    long firstByte = transportError ? connect : Math.min(Math.max(r.getLatency(), connect), time);
    double[] v = httpValues;
    v[HttpSeries.REQS] = 1;
    v[HttpSeries.DURATION] = time - connect;
    v[HttpSeries.CONNECTING] = connect;
    v[HttpSeries.WAITING] = firstByte - connect;
    v[HttpSeries.RECEIVING] = transportError ? 0 : time - firstByte;
    v[HttpSeries.FAILED] = s.failedValue();
    v[HttpSeries.DATA_SENT] = r.getSentBytes();
    // On a transport error JMeter's "bytes" are the stack trace it keeps as the body: nothing
    // came off the wire.
    v[HttpSeries.DATA_RECEIVED] = transportError ? 0 : r.getBytesAsLong();
    writer.record(s.all(), t, v);
  }

  private void other(SampleResult r, String group, String scenario) {
    RequestKey k = otherProbe;
    k.label = r.getSampleLabel();
    k.responseCode = r.getResponseCode();
    OtherSeries s = other.get(k.sealIn(group, scenario));
    long t = r.getEndTime() * NANOS_PER_MILLI;
    writer.record(s.samples(), t, 1);
    writer.record(s.duration(), t, r.getTime());
    writer.record(s.failed(), t, r.isSuccessful() ? 0 : 1);
  }
}
