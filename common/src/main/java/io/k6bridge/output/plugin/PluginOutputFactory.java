package io.k6bridge.output.plugin;

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
 * {@code K6_OUT=plugin=PATH [ARGUMENTS]}: a k6 output plug-in written for xk6-output-plugin (its
 * Python, JavaScript or Go SDK), run unchanged ({@link PluginOutput}). A plug-in that cannot be
 * found or executed is invalid configuration; one that fails later never stops the test.
 */
public final class PluginOutputFactory implements BuiltinOutputFactory {
  static final ConfigKey<Duration> START_TIMEOUT =
      ConfigKey.duration(
          "K6BRIDGE_PLUGIN_START_TIMEOUT",
          "60s",
          "How long a plugin output's process may take to print its handshake line (go-plugin's"
              + " bound); then it is stopped and its samples are counted as lost.");
  static final ConfigKey<Duration> CALL_TIMEOUT =
      ConfigKey.duration(
          "K6BRIDGE_PLUGIN_CALL_TIMEOUT",
          "10s",
          "How long a plugin output's plug-in may take to answer one call (k6 waits forever); a"
              + " call that times out loses its samples, counted.");

  @Override
  public String name() {
    return "plugin";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(START_TIMEOUT, CALL_TIMEOUT);
  }

  @Override
  public Output create(BuiltinParams params) {
    PluginCommand command;
    try {
      command = PluginCommand.resolve(params.argument(), System.getenv("PATH"), params.resolve(""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          RunSettings.OUT,
          "invalid "
              + RunSettings.OUT
              + " entry 'plugin="
              + params.argument()
              + "': "
              + e.getMessage());
    }
    String what = "plugin output (" + command.name() + ")";
    return new PluginOutput(
        command,
        params.resolve(""),
        SampleBuffer.bounded(
            params.config().get(RunSettings.BUFFER_SAMPLES),
            params.dropCounter(
                what + ": buffer full, the plug-in takes samples slower than they arrive")),
        params.dropCounter(what + ": not delivered, the plug-in failed, exited or did not answer"),
        params.config().get(START_TIMEOUT),
        params.config().get(CALL_TIMEOUT),
        params.events(),
        System.getenv(),
        JsonLines.builtinSubmetrics(params));
  }
}
