package io.k6bridge.jmeter;

import io.k6bridge.engine.JavaFloor;
import java.util.List;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.visualizers.backend.BackendListenerClient;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMeter Backend Listener client that emits k6's metrics through k6bridge's outputs ({@code
 * K6_OUT}): what a plan names. Compiled for Java 8 ({@link JavaFloor}): on Java 17 or newer it
 * hands every call to the listener itself ({@code K6Listener}); on an older Java it says, once in
 * JMeter's log and on the console, that k6bridge needs Java 17, and the test runs on without it.
 */
public final class K6BackendListenerClient implements BackendListenerClient {
  private static final Logger LOG = LoggerFactory.getLogger(K6BackendListenerClient.class);
  private static final String LISTENER = "io.k6bridge.jmeter.K6Listener";

  /** The listener, or null on a Java too old for it. */
  private final BackendListenerClient listener;

  private final int javaRelease;

  public K6BackendListenerClient() {
    this(JavaFloor.running());
  }

  /** As JMeter creates it on a JVM of feature release {@code javaRelease}. */
  K6BackendListenerClient(int javaRelease) {
    this.javaRelease = javaRelease;
    listener = javaRelease >= JavaFloor.REQUIRED ? create() : null;
  }

  private static BackendListenerClient create() {
    try {
      return (BackendListenerClient) Class.forName(LISTENER).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("k6bridge: cannot create its listener: " + e, e);
    }
  }

  @Override
  public Arguments getDefaultParameters() {
    return listener != null ? listener.getDefaultParameters() : new Arguments();
  }

  @Override
  public void setupTest(BackendListenerContext context) throws Exception {
    if (JavaFloor.admits("JMeter", javaRelease, LOG)) {
      listener.setupTest(context);
    }
  }

  @Override
  public SampleResult createSampleResult(BackendListenerContext context, SampleResult result) {
    return listener != null ? listener.createSampleResult(context, result) : null;
  }

  @Override
  public void handleSampleResults(List<SampleResult> results, BackendListenerContext context) {
    if (listener != null) {
      listener.handleSampleResults(results, context);
    }
  }

  @Override
  public void teardownTest(BackendListenerContext context) throws Exception {
    if (listener != null) {
      listener.teardownTest(context);
    }
  }
}
