package io.k6bridge.k6;

import io.k6bridge.metrics.Series;

/**
 * The series one HTTP request records into, in the order of its value indexes, so a tool records
 * the request in one call ({@link io.k6bridge.ingest.SampleWriter#record(Series[], long,
 * double[])}): k6's request metrics with the request's tags, data_sent and data_received with the
 * base tags only ({@link K6Series#http}).
 *
 * @param failedValue http_req_failed's value for every request of these series: their tags fix the
 *     status
 */
public record HttpSeries(Series[] all, double failedValue) {
  public static final int REQS = 0;
  public static final int DURATION = 1;
  public static final int CONNECTING = 2;
  public static final int WAITING = 3;
  public static final int RECEIVING = 4;
  public static final int FAILED = 5;
  public static final int DATA_SENT = 6;
  public static final int DATA_RECEIVED = 7;
  public static final int COUNT = 8;
}
