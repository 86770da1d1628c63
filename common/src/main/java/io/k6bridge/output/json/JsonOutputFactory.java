package io.k6bridge.output.json;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.text.OutputTarget;
import java.util.List;

/**
 * {@code K6_OUT=json[=FILE]}: no file or {@code -} writes to standard output, a name ending in
 * {@code .gz} is gzipped. Like k6's, the output has no options of its own.
 */
public final class JsonOutputFactory implements BuiltinOutputFactory {
  @Override
  public String name() {
    return "json";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(BuiltinParams params) {
    SampleBuffer buffer =
        SampleBuffer.bounded(
            params.config().get(RunSettings.BUFFER_SAMPLES),
            params.dropCounter("json output: buffer full, writing slower than samples arrive"));
    return new JsonOutput(
        OutputTarget.of(RunSettings.OUT, params.argument(), params),
        buffer,
        JsonLines.create(params, "json output"),
        params.dropCounter("json output: write failed"));
  }
}
