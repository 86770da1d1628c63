package io.k6bridge.output;

/**
 * How an output reports trouble with its destination to the run's lifecycle event log
 * (K6BRIDGE_EVENTS), beyond its own log lines. Obtained from {@link OutputParams#events()}; safe to
 * call from any thread; each call writes one event, so report transitions (started failing,
 * recovered), not every attempt.
 */
public interface OutputEvents {
  /** Reports nothing: for outputs built outside an engine (tests, embedding). */
  OutputEvents NONE =
      new OutputEvents() {
        @Override
        public void retrying(String reason) {}

        @Override
        public void recovered(String detail) {}

        @Override
        public void failed(String reason) {}
      };

  /** Delivery failed and will be retried ({@code output_retrying}). */
  void retrying(String reason);

  /** Delivery works again after retries ({@code output_recovered}). */
  void recovered(String detail);

  /**
   * Data was lost for good: rejected by the destination, not delivered in time, or the destination
   * is gone ({@code output_failed}). The samples themselves are counted in a {@link DropCounter}.
   */
  void failed(String reason);
}
