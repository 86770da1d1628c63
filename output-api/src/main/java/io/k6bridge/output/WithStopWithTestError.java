package io.k6bridge.output;

/**
 * An {@link Output} that wants to know how the test ended (k6's output.WithStopWithTestError): the
 * engine calls {@link #stopWithTestError} instead of {@link Output#stop()}, with the same bound.
 */
public interface WithStopWithTestError {
  /**
   * Flushes and stops, as {@link Output#stop()}.
   *
   * @param testError why the test was aborted (an abortOnFail threshold, an output's stop request),
   *     or null when it ran to its end
   */
  void stopWithTestError(Exception testError) throws Exception;
}
