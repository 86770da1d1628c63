package io.k6bridge.output;

import java.util.function.Consumer;

/**
 * An {@link Output} that may end the test early (k6's output.WithTestRunStop), as k6 Cloud does
 * when the cloud aborts a run. The engine sets the callback once, before {@link Output#start()}.
 * Calling it asks the tool adapter to stop the test gracefully (JMeter: {@code
 * StandardJMeterEngine.stopEngine}, as for an abortOnFail threshold); only the first request of a
 * run is acted on, and it is logged and written as a {@code test_abort} event. It returns at once
 * and may be called from any thread.
 */
public interface WithTestRunStop {
  void setTestRunStopCallback(Consumer<Exception> stop);
}
