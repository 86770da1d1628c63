package io.k6bridge.output.prometheusrw;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.remote.PushClient;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code K6_OUT=experimental-prometheus-rw}: k6's Prometheus remote write output. As in k6, any
 * argument after the name is ignored; options come from the K6_PROMETHEUS_RW_* keys.
 */
public final class RemoteWriteOutputFactory implements BuiltinOutputFactory {
  /** k6's requests: snappy-compressed protobuf with its agent and version headers. */
  static final PushClient.Format FORMAT =
      new PushClient.Format(
          "application/x-protobuf",
          Map.of(
              "Content-Encoding",
              "snappy",
              "User-Agent",
              "k6-prometheus-rw-output",
              "X-Prometheus-Remote-Write-Version",
              "0.1.0"));

  @Override
  public String name() {
    return "experimental-prometheus-rw";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return RemoteWriteConfig.KEYS;
  }

  @Override
  public List<String> configPrefixes() {
    return List.of(RemoteWriteConfig.HEADERS_PREFIX);
  }

  @Override
  public Output create(BuiltinParams params) {
    return create(params, c -> new PushClient(c.endpoint, FORMAT, params.secrets()));
  }

  /** With the clients given: tests inject faults into sending through them. */
  static RemoteWriteOutput create(
      BuiltinParams params, Function<RemoteWriteConfig, PushClient> clients) {
    RemoteWriteConfig config = RemoteWriteConfig.from(params.config());
    String what = "prometheus remote write: ";
    return new RemoteWriteOutput(
        config,
        clients,
        params.dropCounter(
            what
                + "samples folded into k6bridge_overflow series (K6BRIDGE_PROMETHEUS_RW_MAX_SERIES"
                + " reached; totals kept, tags lost)"),
        params.dropCounter(what + "samples rejected by the receiver (4xx, not retried)"),
        params.dropCounter(
            what
                + "samples in writes dropped from the backlog (K6BRIDGE_PROMETHEUS_RW_MAX_PENDING"
                + "_BYTES; later writes re-sent their cumulative values)"),
        params.dropCounter(
            what
                + "samples not delivered by the end of the run (K6BRIDGE_PROMETHEUS_RW_FLUSH"
                + "_TIMEOUT reached, or the push thread failed)"),
        params.dropCounter(
            what
                + "samples in pushes that failed with an internal error (logged; later pushes"
                + " re-sent their cumulative values)"),
        params.events());
  }
}
