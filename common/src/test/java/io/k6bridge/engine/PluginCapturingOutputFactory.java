package io.k6bridge.engine;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import java.util.List;

/**
 * {@code test-capture-plugin}: the capturing output registered as a plug-in, from a package of
 * ours: it must run isolated all the same, since trust comes from how a factory is registered.
 */
public final class PluginCapturingOutputFactory implements OutputFactory {
  @Override
  public String name() {
    return "test-capture-plugin";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public Output create(OutputParams params) {
    CapturingOutputFactory.CapturingOutput o =
        new CapturingOutputFactory.CapturingOutput(params.argument());
    CapturingOutputFactory.CREATED.put(params.argument(), o);
    return o;
  }
}
