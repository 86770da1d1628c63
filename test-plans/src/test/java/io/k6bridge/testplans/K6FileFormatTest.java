package io.k6bridge.testplans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format checks the reconciliation relies on: k6's own lines pass, each kind of slip is caught.
 */
class K6FileFormatTest {

  // As k6 writes them (grafana/k6 internal/output/json, see shared/spec/k6-compat.md §2).
  private static final String METRIC =
      "{\"type\":\"Metric\",\"data\":{\"name\":\"http_reqs\",\"type\":\"counter\",\"contains\":\"default\",\"thresholds\":[],\"submetrics\":null},\"metric\":\"http_reqs\"}";
  private static final String POINT =
      "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-03-01T10:15:30.123456789+01:00\",\"value\":1,\"tags\":{\"group\":\"\",\"method\":\"GET\",\"status\":\"200\"}}}";

  @Test
  void k6sOwnJsonLinesPass(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("k6.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(
          (METRIC + "\n" + POINT + "\n" + POINT.replace(".123456789", "") + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    K6JsonFile json = K6JsonFile.read(file);
    assertEquals(List.of(), json.violations);
    assertEquals(2, json.points("http_reqs").size());
    assertEquals(Map.of("group", "", "method", "GET", "status", "200"), json.points.get(0).tags());
    assertEquals(1_772_356_530L, json.points.get(0).time().getEpochSecond());
  }

  @Test
  void eachJsonSlipIsListedWithItsLine(@TempDir Path dir) throws Exception {
    List<String> lines =
        List.of(
            POINT, // 1: before its Metric record
            METRIC,
            METRIC, // 3: a second Metric record
            POINT.replace(
                "\"group\":\"\",\"method\":\"GET\"",
                "\"method\":\"GET\",\"group\":\"\""), // 4: unsorted tags
            POINT.replace(".123456789", ".123456780"), // 5: Go trims trailing zeros
            POINT.replace(
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",",
                "{\"type\":\"Point\",\"metric\":\"http_reqs\","), // 6: key order
            POINT.replace("\"value\":1", "\"value\":\"1\""), // 7: value as a string
            POINT.replace("\"status\":\"200\"", "\"status\":200"), // 8: tag value not a string
            POINT.replace("\"type\":\"Point\"", "\"type\":\"Sample\""), // 9: unknown record
            METRIC
                .replace("\"counter\"", "\"histogram\"")
                .replace("http_reqs", "other"), // 10: unknown type
            POINT);
    Path file = dir.resolve("k6.json");
    Files.write(file, lines);
    K6JsonFile json = K6JsonFile.read(file);
    assertEquals(
        List.of(1, 3, 4, 5, 6, 7, 8, 9, 10),
        json.violations.stream()
            .map(
                v ->
                    Integer.parseInt(
                        v.substring(v.indexOf(':') + 1, v.indexOf(':', v.indexOf(':') + 1))))
            .toList(),
        String.join("\n", json.violations));
    assertEquals(1, json.points.size());
  }

  @Test
  void csvRowsAreCheckedAgainstK6sHeader(@TempDir Path dir) throws Exception {
    String header = String.join(",", K6CsvFile.HEADER);
    String good =
        "http_reqs,1718000000,1.000000,,,,true,,GET,https://x.test/,HTTP/1.1,default,,200,,tls1.3,https://x.test/,testid=run-42&a=b,";
    Path file = dir.resolve("k6.csv");
    Files.writeString(
        file,
        header
            + "\n"
            + good
            + "\n"
            + good.replace("1.000000", "1")
            + "\n" // 3: not %f
            + good.replace(",testid=run-42&a=b,", ",testid=run-42,x,")
            + "\n" // 4: a column too many
            + "checks,1718000000,0.000000,\"a, \"\"quoted\"\" check\",,,,::g,,,,default,,,,,,,\n");
    K6CsvFile csv = K6CsvFile.read(file);
    assertEquals(2, csv.violations.size(), String.join("\n", csv.violations));
    assertTrue(csv.violations.get(0).startsWith("k6.csv:3: metric_value"), csv.violations.get(0));
    assertTrue(csv.violations.get(1).startsWith("k6.csv:4: 20 columns"), csv.violations.get(1));
    assertEquals(
        Map.of(
            "expected_response",
            "true",
            "method",
            "GET",
            "name",
            "https://x.test/",
            "proto",
            "HTTP/1.1",
            "scenario",
            "default",
            "status",
            "200",
            "tls_version",
            "tls1.3",
            "url",
            "https://x.test/",
            "testid",
            "run-42",
            "a",
            "b"),
        csv.rows.get(0).tags());
    assertEquals("a, \"quoted\" check", csv.rows.get(1).tags().get("check"));
  }
}
