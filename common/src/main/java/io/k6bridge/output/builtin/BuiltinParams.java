package io.k6bridge.output.builtin;

import io.k6bridge.config.Config;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.OutputParams;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.secret.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the run gives its own outputs: the plug-in contract's {@link OutputParams} plus the run's
 * metric registry, the secrets to mask and the files outputs claim before load.
 *
 * @param drops where {@link #dropCounter} registers the counters the run lists at its end
 */
public record BuiltinParams(
    String name,
    String argument,
    Config config,
    SystemTags systemTags,
    MetricRegistry metrics,
    Path baseDirectory,
    List<DropCounter> drops,
    OutputEvents events,
    Secrets secrets,
    OutputFiles files)
    implements OutputParams {

  /** Parameters of a run that reports no events and has no secrets (tests, embedding). */
  public BuiltinParams(
      String name,
      String argument,
      Config config,
      SystemTags systemTags,
      MetricRegistry metrics,
      Path baseDirectory,
      List<DropCounter> drops) {
    this(
        name,
        argument,
        config,
        systemTags,
        metrics,
        baseDirectory,
        drops,
        OutputEvents.NONE,
        new Secrets(),
        new OutputFiles());
  }

  /** Parameters of a run of default settings that reports no events (tests, embedding). */
  public static BuiltinParams of(String name, String argument, Config config, Path dir) {
    return new BuiltinParams(
        name,
        argument,
        config,
        SystemTags.DEFAULT,
        new MetricRegistry(),
        dir,
        new CopyOnWriteArrayList<>());
  }

  @Override
  public Path resolve(String file) {
    return baseDirectory.resolve(file);
  }

  @Override
  public DropCounter dropCounter(String what) {
    DropCounter c = new DropCounter(what);
    drops.add(c);
    return c;
  }
}
