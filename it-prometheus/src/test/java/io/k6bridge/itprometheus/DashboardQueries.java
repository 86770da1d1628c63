package io.k6bridge.itprometheus;

import java.util.List;

/**
 * Every PromQL target of the official k6 dashboards, in panel order: grafana.com 19665 ("k6
 * Prometheus") and 18030 ("k6 Prometheus (Native Histograms)"). The test substitutes $testid,
 * $quantile_stat, $quantile and $__rate_interval as Grafana would.
 */
final class DashboardQueries {
  static final List<String> STATS =
      List.of(
          "sum(k6_vus{testid=~\"$testid\"})",
          "avg(k6_http_req_duration_$quantile_stat{testid=~\"$testid\"})",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\"}[$__rate_interval]))",
          "avg(round(k6_http_req_failed_rate{testid=~\"$testid\"}, 0.1)*100)",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"false\"}[$__rate_interval]))",
          "sum(k6_http_reqs_total{testid=~\"$testid\"})",
          "sum(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"false\"})",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\"}[$__rate_interval]))",
          "avg(k6_http_req_duration_$quantile_stat{testid=~\"$testid\"})",
          "avg(irate(k6_data_sent_total{testid=~\"$testid\"}[$__rate_interval]))",
          "avg(irate(k6_data_received_total{testid=~\"$testid\"}[$__rate_interval]))",
          "avg(k6_iteration_duration_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_dropped_iterations_total{testid=~\"$testid\"})",
          "avg(k6_http_req_blocked_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_http_req_tls_handshaking_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_http_req_sending_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_http_req_waiting_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_http_req_receiving_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_http_req_duration_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_http_req_duration_$quantile_stat{testid=~\"$testid\"})",
          "avg(k6_http_req_duration_$quantile_stat{testid=~\"$testid\", expected_response=\"true\"})",
          "avg(k6_http_req_duration_$quantile_stat{testid=~\"$testid\", expected_response=\"false\"})",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\"}[$__rate_interval]))",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"false\"}[$__rate_interval]))",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"true\"}[$__rate_interval]))",
          "avg by(name, method, status) (k6_http_req_duration_min{testid=~\"$testid\"})",
          "avg by(name, method, status) (k6_http_req_duration_max{testid=~\"$testid\"})",
          "avg by(name, method, status) (k6_http_req_duration_p95{testid=~\"$testid\"})",
          "avg by(name, method, status) (k6_http_req_duration_p99{testid=~\"$testid\"})",
          "round(k6_checks_rate{testid=~\"$testid\"}, 0.1)",
          "avg(round(k6_checks_rate{testid=~\"$testid\"}, 0.1)*100)");

  static final List<String> NATIVE_HISTOGRAMS =
      List.of(
          "sum(k6_vus{testid=~\"$testid\"})",
          "histogram_quantile($quantile, sum by (le) (rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\"}[$__rate_interval]))",
          "avg(round(k6_http_req_failed_rate{testid=~\"$testid\"}, 0.1)*100)",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"false\"}[$__rate_interval]))",
          "sum(k6_http_reqs_total{testid=~\"$testid\"})",
          "sum(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"false\"})",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\"}[$__rate_interval]))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "avg(irate(k6_data_sent_total{testid=~\"$testid\"}[$__rate_interval]))",
          "avg(irate(k6_data_received_total{testid=~\"$testid\"}[$__rate_interval]))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_iteration_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "avg(k6_dropped_iterations_total{testid=~\"$testid\"})",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_blocked_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_tls_handshaking_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_sending_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_waiting_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_receiving_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile($quantile, sum by (le) ((rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval]))))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_waiting_seconds{testid=~\"$testid\", expected_response=\"true\"}[$__rate_interval])))",
          "histogram_quantile($quantile, sum by(le) (rate(k6_http_req_waiting_seconds{testid=~\"$testid\", expected_response=\"false\"}[$__rate_interval])))",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\"}[$__rate_interval]))",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"false\"}[$__rate_interval]))",
          "sum(irate(k6_http_reqs_total{testid=~\"$testid\", expected_response=\"true\"}[$__rate_interval]))",
          "histogram_quantile(0, sum by(le, name, method, status) (rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile(1, sum by(le, name, method, status) (rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile(0.95, sum by(le, name, method, status) (rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "histogram_quantile(0.99, sum by(le, name, method, status) (rate(k6_http_req_duration_seconds{testid=~\"$testid\"}[$__rate_interval])))",
          "round(k6_checks_rate{testid=~\"$testid\"}, 0.1)",
          "round(k6_checks_rate{testid=~\"$testid\"}, 0.1)",
          "avg(round(k6_checks_rate{testid=~\"$testid\"}, 0.1)*100)");

  private DashboardQueries() {}
}
