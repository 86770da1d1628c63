package io.k6bridge.output.influxdb;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.remote.PushClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code K6_OUT=influxdb[=http://[user:pass@]host:8086/db?option=...]}: k6's InfluxDB output,
 * configured by the K6_INFLUXDB_* keys and the argument as k6 reads them.
 */
public final class InfluxDbOutputFactory implements BuiltinOutputFactory {
  /** What k6's Go client sends: line protocol, its user agent. */
  static final PushClient.Format LINE_PROTOCOL =
      new PushClient.Format("text/plain; charset=utf-8", Map.of("User-Agent", "k6"));

  static final PushClient.Format FORM =
      new PushClient.Format("application/x-www-form-urlencoded", Map.of("User-Agent", "k6"));

  @Override
  public String name() {
    return "influxdb";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return InfluxDbConfig.KEYS;
  }

  @Override
  public Output create(BuiltinParams params) {
    return create(
        params,
        c -> {
          Map<String, String> env = System.getenv();
          if (c.proxy != null) {
            env = new HashMap<>();
            env.put("HTTP_PROXY", c.proxy);
            env.put("HTTPS_PROXY", c.proxy);
          }
          return new PushClient[] {
            PushClient.withEnvironment(c.write, LINE_PROTOCOL, params.secrets(), env),
            PushClient.withEnvironment(c.query, FORM, params.secrets(), env)
          };
        });
  }

  /** With the clients given: tests inject faults through them. */
  static InfluxDbOutput create(
      BuiltinParams params, Function<InfluxDbConfig, PushClient[]> clients) {
    InfluxDbConfig config = InfluxDbConfig.from(params.config(), params.argument());
    String what = "influxdb: ";
    return new InfluxDbOutput(
        config,
        SampleBuffer.bounded(
            params.config().get(RunSettings.BUFFER_SAMPLES),
            params.dropCounter(what + "buffer full, writing slower than samples arrive")),
        clients,
        params.dropCounter(what + "points refused by the server (4xx, not retried)"),
        params.dropCounter(
            what + "points dropped from a full backlog (K6BRIDGE_INFLUXDB_MAX_PENDING_BYTES)"),
        params.dropCounter(
            what + "points not delivered by the end (K6BRIDGE_INFLUXDB_FLUSH_TIMEOUT)"),
        params.dropCounter(what + "samples InfluxDB cannot store (NaN or infinite values)"),
        params.dropCounter(what + "points lost to an unexpected fault"),
        params.events());
  }
}
