package io.k6bridge.output.influxdb;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.remote.ClientTls;
import io.k6bridge.output.remote.Endpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The output's options: k6's names and defaults (internal/output/influxdb/config.go), the InfluxDB
 * 2 keys of xk6-output-influxdb, and K6BRIDGE_ keys for what k6 does not do (retry buffer, final
 * flush bound). The K6_OUT argument is read as k6 reads it ({@code
 * http://user:pass@host:8086/db?precision=ms&tagsAsFields=url}), over the keys. Immutable; every
 * value is checked when built, before load starts.
 */
final class InfluxDbConfig {
  private static final String K6 = "K6_INFLUXDB_";
  private static final String BRIDGE = "K6BRIDGE_INFLUXDB_";
  static final String ARGUMENT = "the K6_OUT argument";

  static final ConfigKey<String> ADDR =
      ConfigKey.string(K6 + "ADDR", "http://localhost:8086", "InfluxDB's address (http or https).");
  static final ConfigKey<String> DB =
      ConfigKey.string(
          K6 + "DB", "k6", "Database (InfluxDB 1.x); created when missing, as k6 does.");
  static final ConfigKey<String> USERNAME =
      ConfigKey.string(K6 + "USERNAME", null, "Basic authentication user (InfluxDB 1.x).");
  static final ConfigKey<String> PASSWORD =
      ConfigKey.string(K6 + "PASSWORD", null, "Basic authentication password.").asSecret();
  static final ConfigKey<Boolean> INSECURE =
      ConfigKey.bool(K6 + "INSECURE", false, "Accept any server certificate and host name.");
  static final ConfigKey<Duration> PUSH_INTERVAL =
      ConfigKey.of(
          K6 + "PUSH_INTERVAL",
          "1s",
          "a duration greater than 0, such as 1s",
          "How often the buffered samples are written.",
          RunSettings::positiveDuration);
  static final ConfigKey<Long> CONCURRENT_WRITES =
      ConfigKey.positiveLong(
          K6 + "CONCURRENT_WRITES",
          4,
          "Most writes in flight at once (k6's option; k6bridge sends one at a time, in order).");
  static final ConfigKey<String> PRECISION =
      ConfigKey.oneOf(
          K6 + "PRECISION",
          "ns",
          "Time precision of the points written.",
          "ns",
          "n",
          "u",
          "us",
          "ms",
          "s",
          "m",
          "h");
  static final ConfigKey<String> RETENTION =
      ConfigKey.string(K6 + "RETENTION", null, "Retention policy the points are written to.");
  static final ConfigKey<String> CONSISTENCY =
      ConfigKey.string(K6 + "CONSISTENCY", null, "Write consistency (InfluxDB Enterprise).");
  static final ConfigKey<Map<String, FieldKind>> TAGS_AS_FIELDS =
      ConfigKey.of(
          K6 + "TAGS_AS_FIELDS",
          "vu,iter,url",
          "a comma-separated list of tag[:string|int|float|bool]",
          "Tags written as fields rather than tags (as in k6, url by default): not indexed.",
          FieldKind::parseList);
  static final ConfigKey<String> PAYLOAD_SIZE =
      ConfigKey.string(
          K6 + "PAYLOAD_SIZE", null, "k6's UDP datagram size; unused (k6bridge writes over HTTP).");
  static final ConfigKey<String> PROXY =
      ConfigKey.string(K6 + "PROXY", null, "HTTP proxy for every request to InfluxDB.").asSecret();
  static final ConfigKey<String> ORGANIZATION =
      ConfigKey.string(K6 + "ORGANIZATION", null, "InfluxDB 2 organization (xk6-output-influxdb).");
  static final ConfigKey<String> BUCKET =
      ConfigKey.string(
          K6 + "BUCKET",
          null,
          "InfluxDB 2 bucket; setting it (or a token) writes to /api/v2/write.");
  static final ConfigKey<String> TOKEN =
      ConfigKey.string(K6 + "TOKEN", null, "InfluxDB 2 API token, sent as 'Token <token>'.")
          .asSecret();
  static final ConfigKey<Long> MAX_PENDING_BYTES =
      ConfigKey.positiveLong(
          BRIDGE + "MAX_PENDING_BYTES",
          64L << 20,
          "Most bytes of writes waiting for InfluxDB; beyond it the oldest write is dropped and its"
              + " points counted as lost.");
  static final ConfigKey<Duration> FLUSH_TIMEOUT =
      ConfigKey.of(
          BRIDGE + "FLUSH_TIMEOUT",
          "10s",
          "a duration greater than 0, shorter than K6BRIDGE_STOP_TIMEOUT",
          "Longest time the final write and its retries may take at the end.",
          RunSettings::positiveDuration);

  static final List<ConfigKey<?>> KEYS =
      List.of(
          ADDR,
          DB,
          USERNAME,
          PASSWORD,
          INSECURE,
          PUSH_INTERVAL,
          CONCURRENT_WRITES,
          PRECISION,
          RETENTION,
          CONSISTENCY,
          TAGS_AS_FIELDS,
          PAYLOAD_SIZE,
          PROXY,
          ORGANIZATION,
          BUCKET,
          TOKEN,
          MAX_PENDING_BYTES,
          FLUSH_TIMEOUT);

  /** How a tag written as a field is typed, as k6's tagsAsFields suffixes say. */
  enum FieldKind {
    STRING,
    INT,
    FLOAT,
    BOOL;

    static Map<String, FieldKind> parseList(String text) {
      Map<String, FieldKind> out = new LinkedHashMap<>();
      for (String entry : text.split(",")) {
        String e = entry.trim();
        if (e.isEmpty()) {
          continue;
        }
        int colon = e.indexOf(':');
        String name = colon < 0 ? e : e.substring(0, colon);
        String type = colon < 0 ? "string" : e.substring(colon + 1);
        FieldKind kind;
        try {
          kind = valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException("an invalid type (" + type + ") for field " + name);
        }
        if (out.put(name, kind) != null) {
          throw new IllegalArgumentException("tag " + name + " is given more than once");
        }
      }
      return out;
    }
  }

  final Endpoint write;
  final Endpoint query;
  final boolean v2;
  final String database;
  final Duration pushInterval;
  final String precision;
  final Map<String, FieldKind> tagsAsFields;
  final String proxy;
  final String injector;
  final long maxPendingBytes;
  final Duration flushTimeout;

  private InfluxDbConfig(Config c) {
    String addr = c.get(ADDR).trim();
    if (addr.startsWith("udp://")) {
      throw new ConfigException(
          ADDR.name(),
          "invalid "
              + ADDR.name()
              + "='"
              + addr
              + "' from "
              + c.sourceOf(ADDR.name())
              + ": k6bridge writes over http or https only (UDP loses points silently)");
    }
    while (addr.endsWith("/")) {
      addr = addr.substring(0, addr.length() - 1);
    }
    String bucket = c.get(BUCKET);
    String token = c.get(TOKEN);
    this.v2 = bucket != null || token != null || c.get(ORGANIZATION) != null;
    this.database = c.get(DB);
    String p = c.get(PRECISION);
    this.precision = p.equals("n") ? "ns" : p.equals("us") ? "u" : p;
    StringBuilder url = new StringBuilder(addr);
    if (v2) {
      url.append("/api/v2/write?org=").append(encode(nonNull(c.get(ORGANIZATION))));
      url.append("&bucket=").append(encode(bucket != null ? bucket : database));
      url.append("&precision=").append(precision.equals("u") ? "us" : precision);
    } else {
      url.append("/write?db=").append(encode(database));
      if (c.get(RETENTION) != null) {
        url.append("&rp=").append(encode(c.get(RETENTION)));
      }
      url.append("&precision=").append(precision.equals("ns") ? "n" : precision);
      if (c.get(CONSISTENCY) != null) {
        url.append("&consistency=").append(encode(c.get(CONSISTENCY)));
      }
    }
    ClientTls tls = ClientTls.create(c.get(INSECURE), "1.2", null, "", null, "");
    String user = v2 ? null : c.get(USERNAME);
    Map<String, String> headers =
        token != null ? Map.of("Authorization", "Token " + token) : Map.of();
    String password = user == null ? null : c.get(PASSWORD);
    Function<String, Endpoint> endpoint =
        target ->
            Endpoint.create(
                "http://localhost:8086/k6",
                ADDR.name(),
                target,
                c.sourceOf(ADDR.name()),
                user,
                password,
                null,
                headers,
                tls);
    this.write = endpoint.apply(url.toString());
    this.query = endpoint.apply(addr + "/query");
    this.pushInterval = c.get(PUSH_INTERVAL);
    c.get(CONCURRENT_WRITES); // checked as k6 checks it
    this.tagsAsFields = c.get(TAGS_AS_FIELDS);
    this.proxy = c.get(PROXY);
    this.injector = RunSettings.injector(c);
    this.maxPendingBytes = c.get(MAX_PENDING_BYTES);
    this.flushTimeout = c.get(FLUSH_TIMEOUT);
  }

  /**
   * Reads and checks every key, the K6_OUT argument over them.
   *
   * @throws ConfigException naming the first bad key or argument part
   */
  static InfluxDbConfig from(Config config, String argument) {
    return new InfluxDbConfig(
        argument.isEmpty() ? config : config.overriddenBy(ARGUMENT, fromArgument(argument)));
  }

  /**
   * k6's URL argument as keys: scheme and host (with any path before the last segment) the address,
   * the last segment the database, user info the credentials, the query k6's options.
   */
  static Map<String, String> fromArgument(String argument) {
    URI u;
    try {
      u = new URI(argument.trim());
    } catch (URISyntaxException e) {
      throw invalidArgument("not a URL: " + e.getReason());
    }
    Map<String, String> keys = new LinkedHashMap<>();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (u.getHost() != null) {
      int slash = path.endsWith("/") ? path.length() - 1 : path.lastIndexOf('/');
      String prefix = slash < 0 ? "" : path.substring(0, slash);
      String db = slash < 0 ? "" : path.substring(slash + 1);
      String port = u.getPort() < 0 ? "" : ":" + u.getPort();
      keys.put(ADDR.name(), u.getScheme() + "://" + u.getHost() + port + prefix);
      if (!db.isEmpty()) {
        keys.put(DB.name(), decode(db));
      }
    } else if (!path.replaceFirst("^/", "").isEmpty()) {
      keys.put(DB.name(), decode(path.replaceFirst("^/", "")));
    }
    if (u.getRawUserInfo() != null) {
      String info = u.getRawUserInfo();
      int colon = info.indexOf(':');
      keys.put(USERNAME.name(), decode(colon < 0 ? info : info.substring(0, colon)));
      keys.put(PASSWORD.name(), colon < 0 ? "" : decode(info.substring(colon + 1)));
    }
    if (u.getRawQuery() != null) {
      for (String pair : u.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        String key =
            switch (name) {
              case "insecure" -> INSECURE.name();
              case "payload_size" -> PAYLOAD_SIZE.name();
              case "precision" -> PRECISION.name();
              case "retention" -> RETENTION.name();
              case "consistency" -> CONSISTENCY.name();
              case "pushInterval" -> PUSH_INTERVAL.name();
              case "concurrentWrites" -> CONCURRENT_WRITES.name();
              case "tagsAsFields" -> TAGS_AS_FIELDS.name();
              default ->
                  throw invalidArgument(
                      "unknown query parameter '"
                          + name
                          + "'; accepted: insecure, payload_size, precision, retention,"
                          + " consistency, pushInterval, concurrentWrites, tagsAsFields");
            };
        // k6 takes every tagsAsFields=... given; the rest once.
        keys.merge(key, value, (a, b) -> key.equals(TAGS_AS_FIELDS.name()) ? a + "," + b : b);
      }
    }
    return keys;
  }

  private static ConfigException invalidArgument(String why) {
    return new ConfigException(
        "K6_OUT",
        "invalid influxdb output argument in K6_OUT: " + why + " (credentials not shown)");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
