package io.k6bridge.output.webdashboard;

import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.config.K6Duration;
import io.k6bridge.output.builtin.BuiltinParams;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The web dashboard's settings, read as k6's dashboard/options.go does: the K6_WEB_DASHBOARD_* keys
 * first, then the {@code web-dashboard=port=…&period=…} argument on top. One deliberate difference:
 * the default host is 127.0.0.1, not every interface, so a load generator does not publish its
 * dashboard to the network unless asked to.
 */
final class DashboardOptions {
  static final int DEFAULT_PORT = 5665;
  static final int MAX_SUBMETRICS_DEFAULT = 1_000;

  static final ConfigKey<String> HOST =
      ConfigKey.string(
          "K6_WEB_DASHBOARD_HOST",
          "127.0.0.1",
          "Address the web dashboard listens on; empty listens on every interface.");
  static final ConfigKey<Integer> PORT =
      ConfigKey.of(
          "K6_WEB_DASHBOARD_PORT",
          Integer.toString(DEFAULT_PORT),
          "a TCP port from 1 to 65535, or 0 or -1 for a free port",
          "Port of the web dashboard.",
          DashboardOptions::parsePort);
  static final ConfigKey<Duration> PERIOD =
      ConfigKey.of(
          "K6_WEB_DASHBOARD_PERIOD",
          "10s",
          "a duration greater than 0, such as 1s or 10s",
          "Time between two dashboard updates (snapshot events); doubled whenever 2,880 snapshots"
              + " are kept.",
          DashboardOptions::parsePeriod);
  static final ConfigKey<Boolean> OPEN =
      ConfigKey.bool(
          "K6_WEB_DASHBOARD_OPEN", false, "Open the dashboard in the desktop's browser at start.");
  static final ConfigKey<String> EXPORT =
      ConfigKey.string(
          "K6_WEB_DASHBOARD_EXPORT",
          "",
          "File to write the self-contained HTML report to at the end of the test (.gz gzips it).");
  static final ConfigKey<String> RECORD =
      ConfigKey.string(
          "K6_WEB_DASHBOARD_RECORD",
          "",
          "File to record the dashboard's events to, as NDJSON (.gz gzips it).");
  static final ConfigKey<String> TAGS =
      ConfigKey.string(
          "K6_WEB_DASHBOARD_TAGS",
          "group",
          "Comma-separated tags whose values get their own dashboard submetrics, e.g. group,name"
              + " for a per-request table.");

  static final ConfigKey<Long> MAX_SUBMETRICS =
      ConfigKey.positiveLong(
          "K6BRIDGE_WEB_DASHBOARD_MAX_SUBMETRICS",
          MAX_SUBMETRICS_DEFAULT,
          "Most dashboard submetrics (metric{tag:value}) made from K6_WEB_DASHBOARD_TAGS; further"
              + " values get none, with a warning.");

  static final List<ConfigKey<?>> ALL =
      List.of(HOST, PORT, PERIOD, OPEN, EXPORT, RECORD, TAGS, MAX_SUBMETRICS);

  final String host;
  final int port;
  final Duration period;
  final boolean open;
  final String export;
  final String record;
  final List<String> tags;
  final int maxSubmetrics;

  DashboardOptions(
      String host,
      int port,
      Duration period,
      boolean open,
      String export,
      String record,
      List<String> tags) {
    this(host, port, period, open, export, record, tags, MAX_SUBMETRICS_DEFAULT);
  }

  DashboardOptions(
      String host,
      int port,
      Duration period,
      boolean open,
      String export,
      String record,
      List<String> tags,
      int maxSubmetrics) {
    this.maxSubmetrics = maxSubmetrics;
    this.host = host;
    this.port = port;
    this.period = period;
    this.open = open;
    this.export = export;
    this.record = record;
    this.tags = List.copyOf(tags);
  }

  /** Reads the keys, then applies the K6_OUT argument as a URL query, as k6's getopts. */
  static DashboardOptions from(BuiltinParams params) {
    var config = params.config();
    String host = config.get(HOST);
    int port = config.get(PORT);
    Duration period = config.get(PERIOD);
    boolean open = config.get(OPEN);
    String export = config.get(EXPORT);
    String record = config.get(RECORD);
    List<String> tags = new ArrayList<>(Arrays.asList(config.get(TAGS).split(",")));
    if (export.isEmpty() && config.raw("K6_WEB_DASHBOARD_REPORT") != null) {
      export = config.raw("K6_WEB_DASHBOARD_REPORT"); // k6's older name for EXPORT
    }

    List<String> replacedTags = new ArrayList<>();
    List<String> addedTags = new ArrayList<>();
    for (String pair : params.argument().isEmpty() ? new String[0] : params.argument().split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      try {
        switch (key) {
          case "port":
            port = value.isEmpty() ? port : parsePort(value);
            break;
          case "host":
            host = value.isEmpty() ? host : value;
            break;
          case "period":
            period = value.isEmpty() ? period : parsePeriod(value);
            break;
          case "open":
            open = open || value.isEmpty() || value.equals("true");
            break;
          case "export":
          case "report":
            export = value.isEmpty() ? export : value;
            break;
          case "record":
            record = value.isEmpty() ? record : value;
            break;
          case "tag":
            replacedTags.add(value);
            break;
          case "tags":
            addedTags.addAll(Arrays.asList(value.split(",")));
            break;
          default:
            throw new IllegalArgumentException("unknown option '" + key + "'");
        }
      } catch (IllegalArgumentException e) {
        String accepted =
            key.equals("port")
                ? PORT.accepted()
                : key.equals("period")
                    ? PERIOD.accepted()
                    : "the options host, port, period, open, export, record, tag, tags";
        throw new ConfigException(
            "K6_OUT",
            "invalid K6_OUT web-dashboard argument '"
                + params.argument()
                + "' from "
                + config.sourceOf("K6_OUT")
                + ": "
                + key
                + "="
                + value
                + " ("
                + e.getMessage()
                + "): accepted is "
                + accepted);
      }
    }
    // As in k6: repeated "tag" replaces the tags, "tags" appends to whatever they are then.
    if (!replacedTags.isEmpty()) {
      tags = replacedTags;
    }
    tags.addAll(addedTags);
    tags.removeIf(String::isEmpty);
    int maxSubmetrics = (int) Math.min(Integer.MAX_VALUE, config.get(MAX_SUBMETRICS));
    return new DashboardOptions(host, port, period, open, export, record, tags, maxSubmetrics);
  }

  static int parsePort(String s) {
    int port = Integer.parseInt(s.trim());
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("not a port");
    }
    return port;
  }

  static Duration parsePeriod(String s) {
    Duration d = K6Duration.parse(s);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("must be greater than 0");
    }
    return d;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The port to bind: k6 binds a free port for 0, and (contrary to its docs) for -1 as well. */
  int bindPort() {
    return Math.max(port, 0);
  }
}
