package io.k6bridge.output.csv;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.text.GoTime;
import io.k6bridge.output.text.OutputTarget;
import java.time.ZoneId;
import java.util.List;

/** {@code K6_OUT=csv[=FILE | =fileName=...,saveInterval=...,timeFormat=...]}. */
public final class CsvOutputFactory implements BuiltinOutputFactory {
  @Override
  public String name() {
    return "csv";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return CsvConfig.KEYS;
  }

  @Override
  public Output create(BuiltinParams params) {
    CsvConfig config = CsvConfig.from(params);
    return new CsvOutput(
        OutputTarget.of(
            params.argument().isEmpty() ? CsvConfig.FILENAME.name() : RunSettings.OUT,
            config.fileName,
            params),
        config.saveInterval,
        SampleBuffer.bounded(
            params.config().get(RunSettings.BUFFER_SAMPLES),
            params.dropCounter("csv output: buffer full, writing slower than samples arrive")),
        new CsvEncoder(
            params.systemTags().indexable(), config.timeFormat, new GoTime(ZoneId.systemDefault())),
        params.dropCounter("csv output: write failed"));
  }
}
