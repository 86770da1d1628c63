package io.k6bridge.output.builtin;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.config.K6Duration;
import io.k6bridge.metrics.TagSet;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The run's settings that outputs read too: the run tags, the sample buffer's bound, this
 * injector's id, and the name of {@code K6_OUT} (for messages about an output's argument). They
 * live here, beside the output contract, so that outputs never depend on the engine.
 */
public final class RunSettings {
  /** k6's option that names the outputs. */
  public static final String OUT = "K6_OUT";

  public static final ConfigKey<TagSet> TAGS =
      ConfigKey.of(
          "K6_TAGS",
          "",
          "a comma-separated list of name=value, such as testid=run-42,env=staging",
          "Run tags added to every sample, as k6's --tag.",
          RunSettings::parseTags);

  public static final ConfigKey<Long> BUFFER_SAMPLES =
      ConfigKey.positiveLong(
          "K6BRIDGE_BUFFER_SAMPLES",
          1L << 20,
          "Most samples held between sampler threads and outputs; beyond it samples are dropped"
              + " and counted, never blocked on.");

  public static final ConfigKey<String> INJECTOR =
      ConfigKey.string(
          "K6BRIDGE_INJECTOR",
          null,
          "This injector's id in telemetry, lifecycle events and the Prometheus injector label; by"
              + " default <host>-<pid>.");

  /** The Prometheus output's own key, older than {@link #INJECTOR}: still honoured, as an alias. */
  static final String PROMETHEUS_INJECTOR_ALIAS = "K6BRIDGE_PROMETHEUS_RW_INJECTOR";

  private RunSettings() {}

  /**
   * Which injector process this is, so several that share one testid can be told apart:
   * K6BRIDGE_INJECTOR, else the alias, else {@code <host>-<pid>}.
   */
  public static String injector(Config config) {
    String id = config.get(INJECTOR);
    if (id == null) {
      id = config.raw(PROMETHEUS_INJECTOR_ALIAS);
    }
    return id != null ? id : hostAndPid();
  }

  /** Host name and process id: unique per injector process, stable for its lifetime. */
  static String hostAndPid() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isEmpty()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        host = "unknown-host";
      }
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  static TagSet parseTags(String text) {
    TagSet.Builder b = TagSet.builder();
    for (String part : text.split(",")) {
      if (part.trim().isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + part.trim() + "' is not name=value");
      }
      b.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return b.build();
  }

  /** A k6 duration greater than 0: the parser of outputs' intervals and timeouts. */
  public static Duration positiveDuration(String text) {
    Duration d = K6Duration.parse(text);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("must be greater than 0");
    }
    return d;
  }
}
