package io.k6bridge.output.webdashboard;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.engine.EngineOptions;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import java.util.List;

/**
 * {@code K6_OUT=web-dashboard[=port=…&period=…&open&export=…&record=…&tag=…&tags=…]}, or
 * {@code K6_WEB_DASHBOARD=true}: k6's web dashboard, configured by the K6_WEB_DASHBOARD_* keys.
 */
public final class WebDashboardOutputFactory implements OutputFactory {
  @Override
  public String name() {
    return "web-dashboard";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    List<ConfigKey<?>> keys = new java.util.ArrayList<>(List.of(EngineOptions.WEB_DASHBOARD));
    keys.addAll(DashboardOptions.ALL);
    return keys;
  }

  @Override
  public Output create(OutputParams params) {
    DashboardOptions options = DashboardOptions.from(params);
    return new WebDashboardOutput(
        params.name(),
        options,
        params.metrics(),
        options.export.isEmpty() ? null : params.resolve(options.export),
        options.record.isEmpty() ? null : params.resolve(options.record),
        System::currentTimeMillis,
        true);
  }
}
