package io.k6bridge.testplans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/** What a web-dashboard HTML report carries: k6's events after its data tag, as NDJSON lines. */
public final class DashboardReport {
  static final String TAG =
      "<script id=\"data\" type=\"application/json; charset=utf-8; gzip; base64\">";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardReport() {}

  /** The report's event lines, in order. */
  public static List<String> lines(String html) throws IOException {
    int at = html.indexOf(TAG);
    if (at < 0) {
      throw new AssertionError("the report carries no data tag");
    }
    String b64 = html.substring(at + TAG.length(), html.indexOf("</script>", at));
    String ndjson =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    return List.of(ndjson.split("\n"));
  }

  /**
   * A counter's count in the report: the last cumulative event's, the snapshots' summed, and how
   * many snapshots (periods) there are.
   */
  public record Counter(long cumulative, long perPeriod, int periods) {}

  public static Counter counter(String html, String metric) throws IOException {
    TreeSet<String> columns = new TreeSet<>(List.of("time")); // events' arrays: names in byte order
    long perPeriod = 0;
    int periods = 0;
    long cumulative = -1;
    for (String line : lines(html)) {
      JsonNode e = JSON.readTree(line);
      JsonNode data = e.path("data");
      switch (e.path("event").asText()) {
        case "metric" -> data.fieldNames().forEachRemaining(columns::add);
        case "snapshot" -> {
          periods++;
          perPeriod += data.path(new ArrayList<>(columns).indexOf(metric)).path(0).asLong(0);
        }
        case "cumulative" ->
            cumulative = data.path(new ArrayList<>(columns).indexOf(metric)).path(0).asLong();
        default -> {}
      }
    }
    return new Counter(cumulative, perPeriod, periods);
  }
}
