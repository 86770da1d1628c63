package io.k6bridge.jmeter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;

/** JMeter's static state, initialised once, and builders of real JMeter results. */
final class JMeterFixture {
  static {
    try {
      Path props = Files.createTempFile("jmeter", ".properties");
      // As JMeter's shipped jmeter.properties: a result's time stamp is its start.
      Files.writeString(props, "sampleresult.timestamp.start=true\n");
      JMeterUtils.loadJMeterProperties(props.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JMeterFixture() {}

  static void init() {
    // Runs the static initialiser.
  }

  /** A client reading the given environment and JMeter properties, writing relative to tmp. */
  static K6Listener client(Map<String, String> env, Properties props) {
    return new K6Listener(() -> env, () -> props, Path.of("target"));
  }

  static BackendListenerContext params(Map<String, String> params) {
    return new BackendListenerContext(params);
  }

  /** Runs one test: setup with {@code params}, feed, teardown; returns what the outputs saw. */
  static List<CapturingOutputFactory.Captured> run(Map<String, String> params, Runnable feed)
      throws Exception {
    K6Listener client = client(Map.of(), new Properties());
    current = client;
    BackendListenerContext ctx = params(params);
    client.setupTest(ctx);
    try {
      feed.run();
    } finally {
      client.teardownTest(ctx);
      current = null;
    }
    return CapturingOutputFactory.samples();
  }

  private static K6Listener current;
  private static final BackendListenerContext NO_PARAMETERS = params(Map.of());

  /** Hands {@code r} to the running client as JMeter's BackendListener would. */
  static void sample(SampleResult r) {
    SampleResult passed = current.createSampleResult(NO_PARAMETERS, r);
    if (passed != null) {
      throw new AssertionError("the client must keep results off JMeter's queue");
    }
  }

  /** A thread group as a plan has it: named, with a loop controller of {@code loops}. */
  static ThreadGroup threadGroup(String name, int loops) {
    ThreadGroup tg = new ThreadGroup();
    tg.setName(name);
    LoopController lc = new LoopController();
    lc.setLoops(loops);
    tg.setSamplerController(lc);
    return tg;
  }

  /** Resets the calling thread's JMeter context to a thread of {@code threadGroup}. */
  static void thread(ThreadGroup threadGroup) {
    JMeterContextService.getContext().clear();
    JMeterContextService.getContext().setThreadGroup(threadGroup);
  }

  /** Sets the calling thread's JMeter iteration number. */
  static void iteration(int n) {
    JMeterVariables vars = new JMeterVariables();
    for (int i = 0; i < n; i++) {
      vars.incIteration();
    }
    JMeterContextService.getContext().setVariables(vars);
  }

  static HTTPSampleResult http(
      String label,
      String method,
      String url,
      String code,
      long start,
      long time,
      long connect,
      long latency) {
    HTTPSampleResult r = new HTTPSampleResult();
    r.setSampleLabel(label);
    r.setHTTPMethod(method);
    try {
      r.setURL(url == null ? null : new URL(url));
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
    r.setStampAndTime(start, time);
    r.setConnectTime(connect);
    r.setLatency(latency);
    r.setResponseCode(code);
    r.setSuccessful(code.startsWith("2") || code.startsWith("3"));
    if (!code.startsWith("Non HTTP")) {
      r.setResponseHeaders("HTTP/1.1 " + code + " X\r\n");
    }
    r.setSentBytes(100);
    r.setBytes(1000L);
    return r;
  }

  static HTTPSampleResult transportError(
      String label, String exception, String message, long start, long time) {
    HTTPSampleResult r =
        http(
            label,
            "GET",
            "http://127.0.0.1:1/x",
            "Non HTTP response code: " + exception,
            start,
            time,
            time,
            0);
    r.setResponseMessage("Non HTTP response message: " + message);
    r.setSuccessful(false);
    // JMeter keeps the stack trace as the body and counts its length as bytes received.
    r.setBytes(2587L);
    r.setSentBytes(0);
    return r;
  }

  /** A Transaction Controller's own result, as either mode builds it. */
  static SampleResult transaction(String name, long start, long time, SampleResult... children) {
    SampleResult r = new SampleResult();
    r.setSampleLabel(name);
    r.setStampAndTime(start, time);
    r.setSuccessful(true);
    r.setResponseMessage(
        "Number of samples in transaction : "
            + children.length
            + ", number of failing samples : 0");
    for (SampleResult c : children) {
      r.addSubResult(c, false); // as TransactionSampler does: labels kept
    }
    return r;
  }

  static AssertionResult assertion(String name, boolean pass) {
    AssertionResult a = new AssertionResult(name);
    a.setFailure(!pass);
    return a;
  }

  static List<CapturingOutputFactory.Captured> of(
      List<CapturingOutputFactory.Captured> all, String metric) {
    return all.stream().filter(c -> c.metric.equals(metric)).collect(Collectors.toList());
  }
}
