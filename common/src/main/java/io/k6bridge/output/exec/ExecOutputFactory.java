package io.k6bridge.output.exec;

import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.json.JsonLines;
import java.time.Duration;
import java.util.List;

/**
 * {@code K6_OUT=exec=COMMAND}: an output plug-in in any language. The command is started when the
 * test starts and reads k6's {@code --out json} lines on its standard input, exactly what {@code
 * K6_OUT=json} would write; its standard output and error go to the tool's. At the end its input is
 * closed (end of file) and it has K6BRIDGE_EXEC_STOP_TIMEOUT to exit.
 */
public final class ExecOutputFactory implements BuiltinOutputFactory {
  static final ConfigKey<Duration> STOP_TIMEOUT =
      ConfigKey.duration(
          "K6BRIDGE_EXEC_STOP_TIMEOUT",
          "10s",
          "How long an exec output's process may take to exit once its input is closed at the end;"
              + " then it is terminated (and killed 2 s later). Keep it below K6BRIDGE_STOP_TIMEOUT.");

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(STOP_TIMEOUT);
  }

  @Override
  public Output create(BuiltinParams params) {
    List<String> command;
    try {
      command = CommandLine.split(params.argument());
    } catch (IllegalArgumentException e) {
      throw invalid(params, e.getMessage());
    }
    if (command.isEmpty()) {
      throw invalid(
          params,
          "no command; use exec=COMMAND [ARGUMENTS], such as" + " exec=python3 my_output.py");
    }
    String what = "exec output (" + command.get(0) + ")";
    SampleBuffer buffer =
        SampleBuffer.bounded(
            params.config().get(RunSettings.BUFFER_SAMPLES),
            params.dropCounter(
                what + ": buffer full, the process reads slower than samples arrive"));
    return new ExecOutput(
        command,
        params.resolve(""),
        buffer,
        JsonLines.create(params, what),
        params.dropCounter(what + ": not written, the process had exited or its input failed"),
        params.config().get(STOP_TIMEOUT),
        params.events());
  }

  private static ConfigException invalid(BuiltinParams params, String reason) {
    String key = RunSettings.OUT;
    return new ConfigException(
        key, "invalid " + key + " entry 'exec=" + params.argument() + "': " + reason);
  }
}
