package io.k6bridge.output.builtin;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import java.util.List;

/**
 * A factory of one of k6bridge's own outputs, found through its own service file ({@code
 * META-INF/services/io.k6bridge.output.builtin.BuiltinOutputFactory}). Its outputs are trusted to
 * return at once and run inline on the engine thread, and are built with what the run shares with
 * its own outputs only ({@link BuiltinParams}); every factory registered as a plug-in ({@code
 * META-INF/services/io.k6bridge.output.OutputFactory}) runs isolated behind its own buffer and
 * thread, whatever its package. Not part of the plug-in contract.
 */
public interface BuiltinOutputFactory {
  /** The name used in {@code K6_OUT}, as {@link io.k6bridge.output.OutputFactory#name()}. */
  String name();

  /** The keys the output reads, as {@link io.k6bridge.output.OutputFactory#configKeys()}. */
  List<ConfigKey<?>> configKeys();

  /** Key families, as {@link io.k6bridge.output.OutputFactory#configPrefixes()}. */
  default List<String> configPrefixes() {
    return List.of();
  }

  /** Validates and builds, as {@link io.k6bridge.output.OutputFactory#create}. */
  Output create(BuiltinParams params);
}
