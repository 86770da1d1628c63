package io.k6bridge.output.webdashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard page: our own HTML, CSS and script (in this package's {@code ui/} resources) and
 * the uPlot charting library from its WebJar. The live page links them; the report inlines them.
 */
final class UiAssets {
  /** uPlot's WebJar directory; UiAssetsTest fails if the pom's version and this one drift apart. */
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private static final String OWN = "io/k6bridge/output/webdashboard/ui/";

  /** The files under /ui/ with their media types. */
  static final Map<String, String> FILES =
      Map.of(
          "dashboard.js", "text/javascript; charset=utf-8",
          "dashboard.css", "text/css; charset=utf-8",
          "uPlot.iife.min.js", "text/javascript; charset=utf-8",
          "uPlot.min.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> files;
  private final String body;

  private UiAssets(Map<String, byte[]> files, String body) {
    this.files = files;
    this.body = body;
  }

  static UiAssets load() {
    return new UiAssets(
        Map.of(
            "dashboard.js", read(OWN + "dashboard.js"),
            "dashboard.css", read(OWN + "dashboard.css"),
            "uPlot.iife.min.js", read(UPLOT + "uPlot.iife.min.js"),
            "uPlot.min.css", read(UPLOT + "uPlot.min.css")),
        new String(read(OWN + "body.html"), StandardCharsets.UTF_8));
  }

  /** A file under /ui/, or null. */
  byte[] file(String name) {
    return files.get(name);
  }

  /** The live page: the body with the assets linked, relative to /ui/. */
  byte[] page() {
    return (head(
                "<link rel=\"stylesheet\" href=\"uPlot.min.css\">"
                    + "<link rel=\"stylesheet\" href=\"dashboard.css\">")
            + body
            + "<script src=\"uPlot.iife.min.js\"></script>"
            + "<script src=\"dashboard.js\"></script></body></html>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The report page around {@code data}, the events as base64(gzip(NDJSON)) in k6's data tag, with
   * every asset inlined so the one file works offline.
   */
  byte[] report(String data) {
    return (head("<style>" + text("uPlot.min.css") + "\n" + text("dashboard.css") + "</style>")
            + body
            + HtmlReport.DATA_TAG
            + data
            + "</script>\n"
            + "<script>"
            + text("uPlot.iife.min.js")
            + "</script>\n"
            + "<script>"
            + text("dashboard.js")
            + "</script></body></html>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String head(String assets) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>k6bridge web dashboard</title>"
        + "<link rel=\"icon\" href=\"data:,\">"
        + assets
        + "</head><body>";
  }

  private String text(String name) {
    return new String(files.get(name), StandardCharsets.UTF_8);
  }

  private static byte[] read(String resource) {
    try (InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
