package io.k6bridge.summary;

import java.util.List;

/** Which block of k6's summary a metric is printed in: k6's data.go classification. */
final class SummarySection {
  /** Section keys in k6's order (summary.Metrics); custom is moved first when rendered. */
  static final List<String> ORDER =
      List.of(
          "http", "execution", "network", "browser", "web_vitals", "grpc", "websocket", "custom");

  private SummarySection() {}

  /**
   * The section of {@code name}, by prefix as k6 does, or null for a metric not printed: checks and
   * groups have their own lines, the HTTP phases show only in full mode, and our own metrics
   * ({@code k6bridge_*}: the injector's health, the lifecycle gauge) are not the test's.
   */
  static String of(String name, boolean full) {
    if (startsWithAny(name, "checks", "group_duration", "k6bridge_")
        || (!full
            && startsWithAny(
                name,
                "http_req_blocked",
                "http_req_connecting",
                "http_req_receiving",
                "http_req_sending",
                "http_req_tls_handshaking",
                "http_req_waiting"))) {
      return null;
    }
    if (startsWithAny(
        name,
        "http_reqs",
        "http_req_failed",
        "http_req_duration",
        "http_req_blocked",
        "http_req_connecting",
        "http_req_tls_handshaking",
        "http_req_sending",
        "http_req_waiting",
        "http_req_receiving")) {
      return "http";
    }
    if (startsWithAny(
        name, "vus", "vus_max", "iterations", "iteration_duration", "dropped_iterations")) {
      return "execution";
    }
    if (startsWithAny(name, "data_sent", "data_received")) {
      return "network";
    }
    if (name.startsWith("browser_web_vital_")) {
      return "web_vitals";
    }
    if (name.startsWith("browser_")) {
      return "browser";
    }
    if (name.startsWith("grpc_")) {
      return "grpc";
    }
    if (name.startsWith("ws_")) {
      return "websocket";
    }
    return "custom";
  }

  private static boolean startsWithAny(String name, String... prefixes) {
    for (String p : prefixes) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
