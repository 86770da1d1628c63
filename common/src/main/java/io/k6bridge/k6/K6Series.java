package io.k6bridge.k6;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.SeriesRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * k6's tagging rules, once for every tool: which tags each built-in metric carries (read from k6's
 * lib/netext/httpext/transport.go, internal/js/modules/k6/k6.go and
 * internal/execution/scheduler.go), so an adapter only says what its tool measured. Every VU sample
 * carries the run tags, {@code group} and {@code scenario} (the engine records {@code vus} and
 * {@code vus_max} itself, with the run tags only); only enabled system tags are attached.
 *
 * <p>Thread-safe; called when a tool's thread meets a request key for the first time, never per
 * request (iteration series per iteration, from a table kept per scenario).
 */
public final class K6Series {
  private final SeriesRegistry registry;
  private final TagSet runTags;
  private final SystemTags systemTags;
  private final Map<String, Series> iterations = new ConcurrentHashMap<>();
  private final Map<String, Series> iterationDurations = new ConcurrentHashMap<>();

  public K6Series(SeriesRegistry registry, TagSet runTags, SystemTags systemTags) {
    this.registry = registry;
    this.runTags = runTags;
    this.systemTags = systemTags;
  }

  /** What one HTTP request was, as a tool reports it; null for what it does not report. */
  public record Request(
      String group,
      String scenario,
      String name,
      String url,
      String method,
      String proto,
      int status,
      int errorCode,
      String error) {

    /**
     * @param status the HTTP status, or 0 when the request got no response
     * @param errorCode k6's network error code of a transport failure ({@link
     *     io.k6bridge.http.K6ErrorCode}), else 0
     * @param error k6's fixed text for that code, or null
     */
    public Request {}

    /** k6's default expected statuses, 200 to 399; never a transport failure. */
    public boolean expected() {
      return errorCode == 0 && status >= 200 && status <= 399;
    }

    /** http_req_failed's value for this request. */
    public double failedValue() {
      return expected() ? 0 : 1;
    }
  }

  /**
   * k6's tags of an HTTP request's samples: {@code name}, {@code url}, {@code method}, {@code
   * status} ("0" without a response), {@code expected_response}, {@code error_code} (the network
   * code of a transport failure, else 1000 + status from 400 on), {@code error} (transport failures
   * only), {@code proto} (with a response), plus the base tags.
   */
  public TagSet request(Request r) {
    TagSet.Builder b = base(r.group(), r.scenario());
    systemTags.put(b, "name", r.name());
    if (r.url() != null) {
      systemTags.put(b, "url", r.url());
    }
    if (r.method() != null) {
      systemTags.put(b, "method", r.method());
    }
    systemTags.put(b, "status", Integer.toString(r.status()));
    systemTags.put(b, "expected_response", Boolean.toString(r.expected()));
    if (r.errorCode() != 0) {
      systemTags.put(b, "error_code", Integer.toString(r.errorCode()));
      systemTags.put(b, "error", r.error());
    } else {
      if (r.proto() != null) {
        systemTags.put(b, "proto", r.proto());
      }
      if (r.status() >= 400) {
        systemTags.put(b, "error_code", Integer.toString(1000 + r.status()));
      }
    }
    return b.build();
  }

  /**
   * k6's cleaned {@code url} tag: a password in the user info is masked, an empty path is "/".
   *
   * @param port the URL's explicit port, or -1 for none
   */
  public static String url(String protocol, String userInfo, String host, int port, String file) {
    StringBuilder s = new StringBuilder(protocol).append("://");
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      s.append(colon < 0 ? userInfo : userInfo.substring(0, colon) + ":****").append('@');
    }
    s.append(host);
    if (port != -1) {
      s.append(':').append(port);
    }
    return s.append(file == null || file.isEmpty() ? "/" : file).toString();
  }

  /** The series of {@code metric} with {@code tags}, as the run's registry keeps it. */
  public Series series(Metric metric, TagSet tags) {
    return registry.get(metric, tags);
  }

  /** Whether the run's series are at their limit: callers stop caching new keys. */
  public boolean full() {
    return registry.full();
  }

  /** The tags every VU sample carries: run tags, {@code group}, {@code scenario}. */
  public TagSet.Builder base(String group, String scenario) {
    TagSet.Builder b = TagSet.builder().putAll(runTags);
    systemTags.put(b, "group", group);
    systemTags.put(b, "scenario", scenario);
    return b;
  }

  /** A tool's own samples of something that is not HTTP: its name and status beside the base. */
  public TagSet named(String group, String scenario, String name, String status) {
    TagSet.Builder b = base(group, scenario);
    systemTags.put(b, "name", name);
    systemTags.put(b, "status", status);
    return b.build();
  }

  /** data_sent and data_received: the base tags only. */
  public TagSet data(String group, String scenario) {
    return base(group, scenario).build();
  }

  /** One check's outcomes: tag {@code check} beside the base tags. */
  public Series check(String group, String scenario, String name) {
    TagSet.Builder b = base(group, scenario);
    systemTags.put(b, "check", name);
    return registry.get(BuiltinMetrics.CHECKS, b.build());
  }

  /** group_duration, tagged with the group's own path. */
  public Series groupDuration(String group, String scenario) {
    return registry.get(BuiltinMetrics.GROUP_DURATION, base(group, scenario).build());
  }

  /** iterations, which run in the root group; kept per scenario, so a lookup allocates nothing. */
  public Series iterations(String scenario) {
    return perScenario(iterations, BuiltinMetrics.ITERATIONS, scenario);
  }

  /** iteration_duration, tagged as iterations. */
  public Series iterationDuration(String scenario) {
    return perScenario(iterationDurations, BuiltinMetrics.ITERATION_DURATION, scenario);
  }

  private Series perScenario(Map<String, Series> kept, Metric metric, String scenario) {
    Series s = kept.get(scenario);
    if (s == null) {
      s = registry.get(metric, base("", scenario).build());
      kept.putIfAbsent(scenario, s);
    }
    return s;
  }

  /** Every series of one HTTP request, in {@link HttpSeries}'s order. */
  public HttpSeries http(Request r) {
    TagSet tags = request(r);
    TagSet data = data(r.group(), r.scenario());
    Series[] all = new Series[HttpSeries.COUNT];
    all[HttpSeries.REQS] = series(BuiltinMetrics.HTTP_REQS, tags);
    all[HttpSeries.DURATION] = series(BuiltinMetrics.HTTP_REQ_DURATION, tags);
    all[HttpSeries.CONNECTING] = series(BuiltinMetrics.HTTP_REQ_CONNECTING, tags);
    all[HttpSeries.WAITING] = series(BuiltinMetrics.HTTP_REQ_WAITING, tags);
    all[HttpSeries.RECEIVING] = series(BuiltinMetrics.HTTP_REQ_RECEIVING, tags);
    all[HttpSeries.FAILED] = series(BuiltinMetrics.HTTP_REQ_FAILED, tags);
    all[HttpSeries.DATA_SENT] = series(BuiltinMetrics.DATA_SENT, data);
    all[HttpSeries.DATA_RECEIVED] = series(BuiltinMetrics.DATA_RECEIVED, data);
    return new HttpSeries(all, r.failedValue());
  }

  /** A tool's own metric with the run tags and the given system tag, if enabled. */
  public Series tagged(Metric metric, String tag, String value) {
    TagSet.Builder b = TagSet.builder().putAll(runTags);
    systemTags.put(b, tag, value);
    return registry.get(metric, b.build());
  }
}
