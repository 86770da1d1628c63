package io.k6bridge.output.json;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.engine.EngineOptions;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import io.k6bridge.output.OutputTarget;
import io.k6bridge.output.SampleBuffer;
import io.k6bridge.output.GoTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code K6_OUT=json[=FILE]}: no file or {@code -} writes to standard output, a name ending in
 * {@code .gz} is gzipped. Like k6's, the output has no options of its own.
 */
public final class JsonOutputFactory implements OutputFactory {
  @Override
  public String name() {
    return "json";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(OutputParams params) {
    SampleBuffer buffer =
        SampleBuffer.bounded(
            params.config().get(EngineOptions.BUFFER_SAMPLES),
            params.dropCounter("json output: buffer full, writing slower than samples arrive"));
    JsonEncoder encoder =
        new JsonEncoder(
            new GoTime(ZoneId.systemDefault()),
            Map.of(), // set by the engine through WithThresholds
            submetrics(params),
            params.dropCounter("json output: NaN or infinite value, not representable in JSON"));
    return new JsonOutput(
        OutputTarget.of(params.argument(), params),
        buffer,
        encoder,
        params.dropCounter("json output: write failed"),
        submetrics(params));
  }

  /**
   * k6 registers {@code http_req_duration{expected_response:true}} before outputs start whenever
   * the expected_response system tag is enabled (internal/metrics/engine/engine.go,
   * InitSubMetricsAndThresholds), so its Metric record lists it.
   */
  static Map<String, List<String>> submetrics(OutputParams params) {
    return params.systemTags().has("expected_response")
        ? Map.of("http_req_duration", List.of("expected_response:true"))
        : Map.of();
  }
}
