package io.k6bridge.output.webdashboard;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.Output;
import io.k6bridge.output.builtin.BuiltinOutputFactory;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.results.ResultsWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code K6_OUT=web-dashboard[=port=…&period=…&open&export=…&record=…&tag=…&tags=…]}, or {@code
 * K6_WEB_DASHBOARD=true}: k6's web dashboard, configured by the K6_WEB_DASHBOARD_* keys.
 */
public final class WebDashboardOutputFactory implements BuiltinOutputFactory {
  /** k6's switch that adds this output when K6_OUT does not name it. */
  public static final ConfigKey<Boolean> WEB_DASHBOARD =
      ConfigKey.bool(
          "K6_WEB_DASHBOARD",
          false,
          "Adds the web-dashboard output (as k6's K6_WEB_DASHBOARD=true) when K6_OUT does not"
              + " name it.");

  @Override
  public String name() {
    return "web-dashboard";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    List<ConfigKey<?>> keys = new java.util.ArrayList<>(List.of(WEB_DASHBOARD));
    keys.addAll(DashboardOptions.ALL);
    return keys;
  }

  @Override
  public Output create(BuiltinParams params) {
    DashboardOptions options = DashboardOptions.from(params);
    return new WebDashboardOutput(
        params.name(),
        options,
        params.metrics(),
        claim(params, DashboardOptions.EXPORT.name(), "export", options.export),
        claim(params, DashboardOptions.RECORD.name(), "record", options.record),
        System::currentTimeMillis,
        true);
  }

  /**
   * How a results file's timeline is cut, so that a fleet's report charts what one dashboard would:
   * the K6_WEB_DASHBOARD_* period, tags and submetric limit (a K6_OUT argument's are not read).
   */
  public static ResultsWriter.TimelineShape timelineShape(Config config) {
    return new ResultsWriter.TimelineShape(
        config.get(DashboardOptions.PERIOD),
        List.of(config.get(DashboardOptions.TAGS).split(",")),
        (int) Math.min(Integer.MAX_VALUE, config.get(DashboardOptions.MAX_SUBMETRICS)));
  }

  /** The file, checked and reserved before load; null when none is asked for. */
  private static Path claim(BuiltinParams params, String key, String option, String file) {
    if (file.isEmpty()) {
      return null;
    }
    boolean inArgument =
        ("&" + params.argument()).contains("&" + option + "=")
            || (option.equals("export") && ("&" + params.argument()).contains("&report="));
    String named = inArgument ? RunSettings.OUT : key;
    return params.files().claim(named, file, params.config().sourceOf(named), params.resolve(file));
  }
}
