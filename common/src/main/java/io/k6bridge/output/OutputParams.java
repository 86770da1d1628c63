package io.k6bridge.output;

import io.k6bridge.config.Config;
import io.k6bridge.metrics.MetricRegistry;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.secret.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Everything an {@link OutputFactory} may use to build its output. */
public final class OutputParams {
  private final String name;
  private final String argument;
  private final Config config;
  private final SystemTags systemTags;
  private final MetricRegistry metrics;
  private final Path baseDirectory;
  private final List<DropCounter> drops;
  private final OutputEvents events;
  private final Secrets secrets;
  private final OutputFiles files;

  /** Parameters whose output reports no lifecycle events (tests, embedding). */
  public OutputParams(
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

  public OutputParams(
      String name,
      String argument,
      Config config,
      SystemTags systemTags,
      MetricRegistry metrics,
      Path baseDirectory,
      List<DropCounter> drops,
      OutputEvents events,
      Secrets secrets,
      OutputFiles files) {
    this.events = events;
    this.secrets = secrets;
    this.files = files;
    this.name = name;
    this.argument = argument;
    this.config = config;
    this.systemTags = systemTags;
    this.metrics = metrics;
    this.baseDirectory = baseDirectory;
    this.drops = drops;
  }

  /** Convenience for tests and embedding: defaults everywhere, files relative to {@code dir}. */
  public static OutputParams of(String name, String argument, Config config, Path dir) {
    return new OutputParams(
        name,
        argument,
        config,
        SystemTags.DEFAULT,
        new MetricRegistry(),
        dir,
        new CopyOnWriteArrayList<>());
  }

  /** The output's name in K6_OUT. */
  public String name() {
    return name;
  }

  /** The text after {@code name=} in K6_OUT, or "" when there is none. */
  public String argument() {
    return argument;
  }

  public Config config() {
    return config;
  }

  public SystemTags systemTags() {
    return systemTags;
  }

  public MetricRegistry metrics() {
    return metrics;
  }

  /** Relative file names resolve against this directory. */
  public Path resolve(String file) {
    return baseDirectory.resolve(file);
  }

  /** Where the output reports retries, recoveries and failures as lifecycle events. */
  public OutputEvents events() {
    return events;
  }

  /**
   * The run's secrets: an output adds every form in which it sends one (a header value, encoded
   * credentials), and masks with it any text from outside before logging it.
   */
  public Secrets secrets() {
    return secrets;
  }

  /**
   * The run's files: an output claims each file it will write while it is built, so a file that
   * cannot be written, or that another output writes too, fails the run before load.
   */
  public OutputFiles files() {
    return files;
  }

  /** A new counter whose total the engine reports at the end of the run. */
  public DropCounter dropCounter(String what) {
    DropCounter c = new DropCounter(what);
    drops.add(c);
    return c;
  }
}
