package io.k6bridge.engine;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * An output factory as the run knows it, by how it was registered: a built-in, built with the run's
 * {@link BuiltinParams} and run inline, or a plug-in, built with the contract's {@link
 * OutputParams} only and run isolated.
 *
 * @param plugin whether outputs of this factory run behind an {@link IsolatedOutput}
 */
public record RegisteredOutput(
    String name,
    List<ConfigKey<?>> configKeys,
    List<String> configPrefixes,
    Function<BuiltinParams, Output> factory,
    boolean plugin) {

  static RegisteredOutput builtin(BuiltinOutputFactory f) {
    return new RegisteredOutput(f.name(), f.configKeys(), f.configPrefixes(), f::create, false);
  }

  static RegisteredOutput plugin(OutputFactory f) {
    return new RegisteredOutput(
        f.name(), f.configKeys(), f.configPrefixes(), p -> f.create(new PluginParams(p)), true);
  }

  /** Validates the settings and builds the output (see {@link OutputFactory#create}). */
  public Output create(BuiltinParams params) {
    return factory.apply(params);
  }

  /** What a plug-in sees of the run: the contract, none of the run's own state. */
  private record PluginParams(BuiltinParams run) implements OutputParams {
    @Override
    public String name() {
      return run.name();
    }

    @Override
    public String argument() {
      return run.argument();
    }

    @Override
    public Config config() {
      return run.config();
    }

    @Override
    public SystemTags systemTags() {
      return run.systemTags();
    }

    @Override
    public Path resolve(String file) {
      return run.resolve(file);
    }

    @Override
    public OutputEvents events() {
      return run.events();
    }

    @Override
    public DropCounter dropCounter(String what) {
      return run.dropCounter(what);
    }
  }
}
