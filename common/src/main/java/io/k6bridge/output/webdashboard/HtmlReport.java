package io.k6bridge.output.webdashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The self-contained HTML report (k6's dashboard/report.go): the page with its assets inlined and
 * the run's events after k6's data tag as base64(gzip(NDJSON of {"event","data"})). The events are
 * in k6's report order: config, then every event except cumulative and threshold as they were sent
 * (param, metric, start, snapshots, stop), then the last cumulative and the last threshold.
 */
final class HtmlReport {
  static final String DATA_TAG =
      "<script id=\"data\" type=\"application/json; charset=utf-8; gzip; base64\">";

  private HtmlReport() {}

  static byte[] html(UiAssets assets, List<EventStream.Frame> events) {
    return assets.report(Base64.getEncoder().encodeToString(gzip(ndjson(events))));
  }

  /** The events as report lines. */
  static byte[] ndjson(List<EventStream.Frame> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventStream.Frame cumulative = null;
    EventStream.Frame threshold = null;
    for (EventStream.Frame f : events) {
      if (f.name.equals("cumulative")) {
        cumulative = f;
      } else if (f.name.equals("threshold")) {
        threshold = f;
      } else {
        line(out, f.name, f.data);
      }
    }
    if (cumulative != null) {
      line(out, cumulative.name, cumulative.data);
    }
    if (threshold != null) {
      line(out, threshold.name, threshold.data);
    }
    return out.toByteArray();
  }

  /** One NDJSON line as Go's json.Encoder writes a recorder envelope. */
  static void line(OutputStream out, String name, byte[] data) {
    try {
      out.write(("{\"event\":\"" + name + "\",\"data\":").getBytes(StandardCharsets.UTF_8));
      out.write(data);
      out.write("}\n".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
