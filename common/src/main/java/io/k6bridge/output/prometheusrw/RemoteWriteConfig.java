package io.k6bridge.output.prometheusrw;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.remote.ClientTls;
import io.k6bridge.output.remote.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The output's options: k6's names and defaults (internal/output/prometheusrw/remotewrite/
 * config.go) except the trend stats default, plus K6BRIDGE_ keys for what k6 does not do (injector
 * label, cardinality guard, retry buffer, final flush bound). Immutable; everything is validated
 * when built, so a bad value fails before load starts.
 */
final class RemoteWriteConfig {
  private static final String K6 = "K6_PROMETHEUS_RW_";
  private static final String BRIDGE = "K6BRIDGE_PROMETHEUS_RW_";
  static final String HEADERS_PREFIX = K6 + "HEADERS_";

  /** Prometheus' label name rule; the injector label must follow it. */
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  static final ConfigKey<String> SERVER_URL =
      ConfigKey.string(
          K6 + "SERVER_URL",
          "http://localhost:9090/api/v1/write",
          "Remote write endpoint (http or https). User info in it is never logged.");
  static final ConfigKey<Duration> PUSH_INTERVAL =
      ConfigKey.of(
          K6 + "PUSH_INTERVAL",
          "5s",
          "a duration greater than 0, such as 1s or 5s",
          "How often the changed series are pushed.",
          RunSettings::positiveDuration);

  /**
   * k6 defaults to p(99) only, which leaves the official dashboard's URL table (min, max, p95, p99)
   * empty; this default fills every stats panel.
   */
  static final ConfigKey<List<TrendStat>> TREND_STATS =
      ConfigKey.of(
          K6 + "TREND_STATS",
          "p(99),p(95),min,max",
          TrendStat.ACCEPTED,
          "Trend statistics written as k6_<metric>_<stat> gauges (k6's default is p(99) only).",
          TrendStat::parseList);

  static final ConfigKey<Boolean> TREND_AS_NATIVE_HISTOGRAM =
      ConfigKey.bool(
          K6 + "TREND_AS_NATIVE_HISTOGRAM",
          false,
          "Write trends as native histograms k6_<metric>_seconds (or _bytes) instead of stats.");
  static final ConfigKey<Boolean> STALE_MARKERS =
      ConfigKey.bool(K6 + "STALE_MARKERS", false, "At the end, mark every written series stale.");
  static final ConfigKey<String> USERNAME =
      ConfigKey.string(K6 + "USERNAME", null, "Basic authentication user.");
  static final ConfigKey<String> PASSWORD =
      ConfigKey.string(K6 + "PASSWORD", null, "Basic authentication password.").asSecret();
  static final ConfigKey<String> BEARER_TOKEN =
      ConfigKey.string(K6 + "BEARER_TOKEN", null, "Sent as 'Authorization: Bearer <token>'.")
          .asSecret();
  static final ConfigKey<Map<String, String>> HTTP_HEADERS =
      ConfigKey.of(
              K6 + "HTTP_HEADERS",
              null,
              "a comma-separated list of name:value",
              "Extra request headers; K6_PROMETHEUS_RW_HEADERS_<Name>=<value> sets one each.",
              RemoteWriteConfig::parseHeaders)
          .asSecret();
  static final ConfigKey<Boolean> INSECURE_SKIP_TLS_VERIFY =
      ConfigKey.bool(
          K6 + "INSECURE_SKIP_TLS_VERIFY", false, "Accept any server certificate and host name.");
  static final ConfigKey<String> TLS_MINIMUM_VERSION =
      ConfigKey.oneOf(
          K6 + "TLS_MINIMUM_VERSION", "1.3", "Lowest TLS version accepted.", "1.2", "1.3");
  static final ConfigKey<Path> CLIENT_CERTIFICATE =
      ConfigKey.of(
          K6 + "CLIENT_CERTIFICATE",
          null,
          "a PEM certificate file",
          "Client certificate for mutual TLS.",
          Path::of);
  static final ConfigKey<Path> CLIENT_CERTIFICATE_KEY =
      ConfigKey.of(
          K6 + "CLIENT_CERTIFICATE_KEY",
          null,
          "a PEM PKCS#8 private key file (BEGIN PRIVATE KEY)",
          "Private key of the client certificate.",
          Path::of);

  static final ConfigKey<String> INJECTOR_LABEL =
      ConfigKey.of(
          BRIDGE + "INJECTOR_LABEL",
          "injector",
          "a Prometheus label name",
          "Label that tells injector processes apart, so several write one testid without"
              + " colliding and sum() gives exact totals.",
          RemoteWriteConfig::labelName);
  static final ConfigKey<String> INJECTOR =
      ConfigKey.string(
          BRIDGE + "INJECTOR",
          null,
          "This process' value of the injector label; by default K6BRIDGE_INJECTOR.");
  static final ConfigKey<Long> MAX_SERIES =
      ConfigKey.positiveLong(
          BRIDGE + "MAX_SERIES",
          10_000,
          "Most Prometheus series written (a trend counts once per stat, or once as a native"
              + " histogram); samples of further k6 series are folded into one series per metric"
              + " labelled k6bridge_overflow=\"true\", with a warning.");
  static final ConfigKey<Long> MAX_PENDING_BYTES =
      ConfigKey.positiveLong(
          BRIDGE + "MAX_PENDING_BYTES",
          32L << 20,
          "Most compressed bytes of pushes waiting for the receiver; beyond it the oldest push is"
              + " dropped and counted (later pushes still carry the cumulative values).");
  static final ConfigKey<Duration> FLUSH_TIMEOUT =
      ConfigKey.of(
          BRIDGE + "FLUSH_TIMEOUT",
          "10s",
          "a duration greater than 0, shorter than K6BRIDGE_STOP_TIMEOUT",
          "Longest time the final push, its retries and the stale markers may take at the end.",
          RunSettings::positiveDuration);

  private static final List<String> SIGV4 =
      List.of(K6 + "SIGV4_REGION", K6 + "SIGV4_ACCESS_KEY", K6 + "SIGV4_SECRET_KEY");

  static final List<ConfigKey<?>> KEYS =
      List.of(
          SERVER_URL,
          PUSH_INTERVAL,
          TREND_STATS,
          TREND_AS_NATIVE_HISTOGRAM,
          STALE_MARKERS,
          USERNAME,
          PASSWORD,
          BEARER_TOKEN,
          HTTP_HEADERS,
          INSECURE_SKIP_TLS_VERIFY,
          TLS_MINIMUM_VERSION,
          CLIENT_CERTIFICATE,
          CLIENT_CERTIFICATE_KEY,
          INJECTOR_LABEL,
          INJECTOR,
          MAX_SERIES,
          MAX_PENDING_BYTES,
          FLUSH_TIMEOUT);

  final Endpoint endpoint;
  final Duration pushInterval;
  final List<TrendStat> trendStats;
  final boolean nativeHistograms;
  final boolean staleMarkers;
  final String injectorLabel;
  final String injector;
  final TagSet runTags;
  final int maxSeries;
  final long maxPendingBytes;
  final Duration flushTimeout;

  private RemoteWriteConfig(Config c) {
    for (String key : SIGV4) {
      if (c.raw(key) != null) {
        throw new ConfigException(
            key,
            key
                + " is set from "
                + c.sourceOf(key)
                + ", but k6bridge does not support"
                + " AWS SigV4 signing; unset the K6_PROMETHEUS_RW_SIGV4_* keys");
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> fromList = c.get(HTTP_HEADERS);
    c.withPrefix(HEADERS_PREFIX)
        .forEach((k, v) -> headers.put(k.substring(HEADERS_PREFIX.length()), v));
    if (fromList != null) {
      headers.putAll(fromList);
    }
    ClientTls tls =
        ClientTls.create(
            c.get(INSECURE_SKIP_TLS_VERIFY),
            c.get(TLS_MINIMUM_VERSION),
            c.get(CLIENT_CERTIFICATE),
            CLIENT_CERTIFICATE.name(),
            c.get(CLIENT_CERTIFICATE_KEY),
            CLIENT_CERTIFICATE_KEY.name());
    this.endpoint =
        Endpoint.create(
            "http://localhost:9090/api/v1/write",
            SERVER_URL.name(),
            c.get(SERVER_URL),
            c.sourceOf(SERVER_URL.name()),
            c.get(USERNAME),
            c.get(PASSWORD),
            c.get(BEARER_TOKEN),
            headers,
            tls);
    this.pushInterval = c.get(PUSH_INTERVAL);
    this.trendStats = c.get(TREND_STATS);
    this.nativeHistograms = c.get(TREND_AS_NATIVE_HISTOGRAM);
    this.staleMarkers = c.get(STALE_MARKERS);
    this.injectorLabel = c.get(INJECTOR_LABEL);
    String injector = c.get(INJECTOR);
    this.injector = injector != null ? injector : RunSettings.injector(c);
    this.runTags = c.get(RunSettings.TAGS);
    if (runTags.get(injectorLabel) != null) {
      throw new ConfigException(
          INJECTOR_LABEL.name(),
          "K6_TAGS sets a tag named '"
              + injectorLabel
              + "', which is the injector label; set "
              + INJECTOR_LABEL.name()
              + " to another name or rename the tag");
    }
    this.maxSeries = (int) Math.min(Integer.MAX_VALUE - 8, c.get(MAX_SERIES));
    this.maxPendingBytes = c.get(MAX_PENDING_BYTES);
    this.flushTimeout = c.get(FLUSH_TIMEOUT);
  }

  /** Reads and validates every key; throws ConfigException naming the first bad one. */
  static RemoteWriteConfig from(Config config) {
    return new RemoteWriteConfig(config);
  }

  static String labelName(String text) {
    String s = text.trim();
    if (!LABEL_NAME.matcher(s).matches() || s.startsWith("__")) {
      throw new IllegalArgumentException("not a Prometheus label name");
    }
    return s;
  }

  /** k6's K6_PROMETHEUS_RW_HTTP_HEADERS syntax: name:value pairs separated by commas. */
  static Map<String, String> parseHeaders(String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      String[] kv = pair.split(":", -1);
      if (kv.length != 2 || kv[0].trim().isEmpty()) {
        // The value may be a credential: say which entry, never what it holds.
        throw new IllegalArgumentException("an entry is not name:value");
      }
      headers.put(kv[0].trim(), kv[1].trim());
    }
    return headers;
  }
}
