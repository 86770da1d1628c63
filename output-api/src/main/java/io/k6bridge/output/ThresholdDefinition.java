package io.k6bridge.output;

import java.time.Duration;

/**
 * One threshold as the user defined it, for outputs that show or forward thresholds (k6's
 * metrics.Threshold, read-only): the run evaluates thresholds itself, an output cannot change them.
 *
 * @param metric the whole metric's name, such as "http_req_duration"
 * @param submetric the submetric's selector without braces, such as "status:200", or "" for a
 *     threshold on the whole metric
 * @param source the expression, such as {@code "p(95)<500"}
 * @param abortOnFail whether a failure stops the test
 * @param delayAbortEval how long after start a failure may abort the test, or null when not set
 */
public record ThresholdDefinition(
    String metric, String submetric, String source, boolean abortOnFail, Duration delayAbortEval) {

  /** The name thresholds are written under: {@code metric} or {@code metric{submetric}}. */
  public String name() {
    return submetric.isEmpty() ? metric : metric + "{" + submetric + "}";
  }
}
