package io.k6bridge.itdashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The events a self-contained HTML report carries after k6's data tag, as NDJSON lines. */
final class ReportData {
  static final String TAG =
      "<script id=\"data\" type=\"application/json; charset=utf-8; gzip; base64\">";

  private ReportData() {}

  static List<String> lines(String html) throws IOException {
    int at = html.indexOf(TAG);
    assertTrue(at > 0, "the report carries its data");
    String b64 = html.substring(at + TAG.length(), html.indexOf("</script>", at));
    String ndjson =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    return List.of(ndjson.split("\n"));
  }
}
