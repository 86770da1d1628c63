package io.k6bridge.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.util.JMeterUtils;

/**
 * The results both listeners are fed: built once, then reused, as a JMeter HTTP sampler would
 * produce them against a small site. Four labels on one host, one request in four a 404, and
 * optionally a Response Assertion on every other request (one in four of those failing).
 */
final class SyntheticSamples {
  /** Results per benchmark invocation; also one pass over the array. */
  static final int COUNT = 16;

  /** Requests per thread-group iteration, so iterations close as they would in a plan. */
  static final int PER_ITERATION = 4;

  private static final String[] LABELS = {"home", "search", "product", "cart"};
  private static final String[] PATHS = {"/", "/search?q=shoes", "/product/42", "/cart"};
  private static final long START = 1_700_000_000_000L;
  // JMeter names every AssertionResult with its assertion element's name (ResponseAssertion:
  // new AssertionResult(getName())), the same String instance each sample; so do these.
  private static final String OK_CHECK = "status is 200";
  private static final String NOT_FOUND_CHECK = "status is 404";

  static {
    try {
      // JMeter's static configuration must exist before its classes are used. As the shipped
      // jmeter.properties: a result's time stamp is its start.
      Path props = Files.createTempFile("jmeter", ".properties");
      Files.writeString(props, "sampleresult.timestamp.start=true\n");
      props.toFile().deleteOnExit();
      JMeterUtils.loadJMeterProperties(props.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SyntheticSamples() {}

  /** Makes sure JMeter's properties are loaded (the static initialiser above). */
  static void loadJMeterProperties() {}

  static HTTPSampleResult[] create(boolean withAssertions) {
    HTTPSampleResult[] out = new HTTPSampleResult[COUNT];
    for (int i = 0; i < COUNT; i++) {
      out[i] = result(i, START + i * 10L, withAssertions);
    }
    return out;
  }

  /** The {@code i}-th of the synthetic results, started at {@code startMillis}. */
  static HTTPSampleResult result(int i, long startMillis, boolean withAssertions) {
    int page = i % LABELS.length;
    boolean notFound = i % 4 == 3;
    String code = notFound ? "404" : "200";
    HTTPSampleResult r = new HTTPSampleResult();
    r.setSampleLabel(LABELS[page]);
    r.setHTTPMethod("GET");
    try {
      r.setURL(new URL("http://127.0.0.1:8080" + PATHS[page]));
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
    long time = 3 + i % 5;
    r.setStampAndTime(startMillis, time);
    r.setConnectTime(i == 0 ? 1 : 0); // keep-alive: only the first request connects
    r.setLatency(time - 1);
    r.setResponseCode(code);
    r.setResponseMessage(notFound ? "Not Found" : "OK");
    r.setSuccessful(!notFound);
    r.setResponseHeaders(
        "HTTP/1.1 "
            + code
            + (notFound ? " Not Found" : " OK")
            + "\r\n"
            + "Server: nginx\r\nContent-Type: text/html\r\nContent-Length: 612\r\n"
            + "Connection: keep-alive\r\n");
    r.setHeadersSize(140);
    r.setBodySize(612L);
    r.setSentBytes(120);
    r.setDataType(HTTPSampleResult.TEXT);
    r.setThreadName("users 1-1");
    r.setAllThreads(2);
    r.setGroupThreads(2);
    if (withAssertions && i % 2 == 0) {
      AssertionResult a = new AssertionResult(notFound ? NOT_FOUND_CHECK : OK_CHECK);
      a.setFailure(i % 8 == 6);
      r.addAssertionResult(a);
    }
    return r;
  }

  /**
   * Gives the calling thread the JMeter context a sampler thread has: a thread group and its
   * variables, at iteration 1. The caller advances the iteration as its loop does.
   */
  static JMeterVariables samplerThreadContext() {
    loadJMeterProperties();
    JMeterContext ctx = JMeterContextService.getContext();
    ctx.clear();
    ctx.setThreadGroup(threadGroup());
    JMeterVariables vars = new JMeterVariables();
    vars.incIteration();
    ctx.setVariables(vars);
    return vars;
  }

  /** A thread group as a plan has it: named, looping forever. */
  private static ThreadGroup threadGroup() {
    ThreadGroup tg = new ThreadGroup();
    tg.setName("users");
    LoopController lc = new LoopController();
    lc.setLoops(-1);
    tg.setSamplerController(lc);
    return tg;
  }
}
