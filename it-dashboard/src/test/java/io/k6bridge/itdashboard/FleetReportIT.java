package io.k6bridge.itdashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.DashboardReport;
import io.k6bridge.testplans.JMeterHome;
import io.k6bridge.testplans.LoopbackTarget;
import io.k6bridge.testplans.MergeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two real JMeter 5.6.3 injectors at once, each writing its results file; {@code merge --report}
 * makes the fleet's web-dashboard report, whose periods hold both injectors' requests, and headless
 * Chromium shows the fleet's total.
 */
class FleetReportIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path BUILD = Path.of(System.getProperty("k6.build.dir", "target"));
  static final Path OUT = BUILD.resolve("fleet");

  @Test
  void theFleetsReportHoldsBothInjectorsPeriodByPeriod() throws Exception {
    Files.createDirectories(OUT);
    List<String> names = List.of("fleet-a", "fleet-b");
    try (LoopbackTarget target = LoopbackTarget.start(0, null)) {
      List<JMeterProcess> runs = new ArrayList<>();
      for (String name : names) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("target.port", Integer.toString(target.port()));
        props.put("threads", "2");
        props.put("duration", "10");
        props.put("K6BRIDGE_INJECTOR", name);
        props.put("K6BRIDGE_RESULTS", OUT.resolve(name + ".json").toString());
        props.put("K6_SUMMARY_EXPORT", OUT.resolve(name + "-export.json").toString());
        props.put("K6_WEB_DASHBOARD_PERIOD", "2s");
        props.put("K6_WEB_DASHBOARD_TAGS", "group,name");
        runs.add(JMeterProcess.start(BUILD, name, Path.of(System.getProperty("k6.plan")), props));
      }
      for (JMeterProcess run : runs) {
        assertEquals(0, run.await(180), "see " + run.console);
      }
    }
    long total = 0;
    for (String name : names) {
      total +=
          JSON.readTree(OUT.resolve(name + "-export.json").toFile())
              .at("/metrics/http_reqs/count")
              .asLong();
    }
    Path report = OUT.resolve("fleet-report.html");
    MergeProcess.Result merged =
        MergeProcess.run(
            JMeterHome.of(BUILD).k6bridgeJar(),
            OUT,
            "--report",
            report.toString(),
            "--thresholds",
            "{\"http_req_duration\":[\"p(95)<5000\"]}",
            OUT.resolve("fleet-a.json").toString(),
            OUT.resolve("fleet-b.json").toString());
    assertEquals(0, merged.status(), merged.output());

    DashboardReport.Counter reqs = DashboardReport.counter(Files.readString(report), "http_reqs");
    assertEquals(total, reqs.cumulative(), "the fleet's requests: both injectors' summaries");
    assertEquals(total, reqs.perPeriod(), "every request in one period of the fleet");
    assertTrue(reqs.periods() >= 4, reqs.periods() + " periods of 2 s in a 10 s run");

    try (Chromium chromium = Chromium.launch(OUT)) {
      chromium.open(report.toUri().toString(), 1440, 900);
      chromium.await("document.getElementById('status').textContent === 'finished'", 60);
      chromium.await("document.querySelectorAll('.uplot').length >= 5", 60);
      String metrics = chromium.eval("document.getElementById('metrics').innerText").asText();
      String count = NumberFormat.getIntegerInstance(Locale.US).format(total);
      assertTrue(metrics.contains("http_reqs\tcounter\t" + count + " "), count + " in " + metrics);
      String thresholds = chromium.eval("document.getElementById('thresholds').innerText").asText();
      assertTrue(thresholds.contains("p(95)<5000") && !thresholds.contains("failing"), thresholds);
      chromium.screenshot(BUILD.resolve("screenshots").resolve("fleet-report.png"));
      assertEquals(List.of(), chromium.errors(), "console errors in the report");
    }
  }
}
