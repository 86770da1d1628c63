package io.k6bridge.engine;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigKey;
import java.net.InetAddress;

/**
 * Which injector process this is, so several that share one testid can be told apart: the value
 * of the {@code injector} tag on telemetry, of the Prometheus output's injector label, and of
 * every lifecycle event.
 */
public final class InjectorId {
  public static final ConfigKey<String> INJECTOR =
      ConfigKey.string(
          "K6BRIDGE_INJECTOR",
          null,
          "This injector's id in telemetry, lifecycle events and the Prometheus injector label; by"
              + " default <host>-<pid>.");

  /** The Prometheus output's own key, older than {@link #INJECTOR}: still honoured, as an alias. */
  static final String PROMETHEUS_ALIAS = "K6BRIDGE_PROMETHEUS_RW_INJECTOR";

  private InjectorId() {}

  /** K6BRIDGE_INJECTOR, else the alias, else {@code <host>-<pid>}. */
  public static String of(Config config) {
    String id = config.get(INJECTOR);
    if (id == null) {
      id = config.raw(PROMETHEUS_ALIAS);
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
}
