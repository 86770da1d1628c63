package io.k6bridge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitStatusTest {
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final List<Thread> hooks = new ArrayList<>();

  private ExitStatus exitStatus(boolean owned) {
    return new ExitStatus(
        "Tool", owned, new PrintStream(console, true, StandardCharsets.UTF_8), hooks::add);
  }

  private static RunReport report(List<String> breached, String summary) {
    return new RunReport(10, Map.of(), List.of(), breached, summary);
  }

  private String printed() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void failedThresholdsInTheToolsOwnJvmRegisterTheHaltHook() {
    exitStatus(true).report(report(List.of("http_req_failed"), "\n  █ THRESHOLDS\n"));
    assertEquals("\n  █ THRESHOLDS\n", printed());
    assertEquals(1, hooks.size());
    assertEquals("k6bridge-exit-status", hooks.get(0).getName());
    assertEquals(Thread.State.NEW, hooks.get(0).getState(), "registered, not run");
  }

  @Test
  void failedThresholdsInAnotherJvmOnlyPrintTheSummary() {
    exitStatus(false).report(report(List.of("http_req_failed"), "summary\n"));
    assertEquals("summary\n", printed());
    assertEquals(List.of(), hooks);
  }

  @Test
  void passedThresholdsNeverTouchTheExitStatus() {
    exitStatus(true).report(report(List.of(), "summary\n"));
    assertEquals("summary\n", printed());
    assertEquals(List.of(), hooks);
  }

  @Test
  void aDisabledSummaryPrintsNothing() {
    exitStatus(true).report(report(List.of("checks"), ""));
    assertEquals("", printed());
    assertEquals(1, hooks.size());
    assertEquals(99, ExitStatus.THRESHOLDS_FAILED, "k6's ThresholdsHaveFailed");
  }

  @Test
  void aRefusedConfigurationHaltsWith104OnlyInTheToolsOwnJvm() {
    exitStatus(false).invalidConfiguration();
    assertEquals(List.of(), hooks, "an IDE or a GUI keeps running");
    exitStatus(true).invalidConfiguration();
    assertEquals(1, hooks.size());
    assertEquals("k6bridge-exit-status", hooks.get(0).getName());
    assertEquals("", printed(), "nothing on the console: the refusal itself was reported");
    assertEquals(104, ExitStatus.INVALID_CONFIG, "k6's InvalidConfig");
  }

  @Test
  void failedOutputsAreListedUnderTheSummaryAndExit103UnlessThresholdsFailed() {
    ExitStatus status = exitStatus(true);
    status.report(
        new RunReport(
            10, Map.of(), List.of("K6_SUMMARY_EXPORT: could not write x"), List.of(), "summary\n"));
    assertEquals(
        "summary\n\nk6bridge: outputs failed, their results are incomplete or missing:\n"
            + "  ✗ K6_SUMMARY_EXPORT: could not write x\n",
        printed());
    assertEquals(1, hooks.size());
    assertEquals(103, status.arranged);

    ExitStatus both = exitStatus(true);
    both.report(new RunReport(10, Map.of(), List.of("json: died"), List.of("checks"), ""));
    assertEquals(99, both.arranged, "a failed verdict says more than a failed output");

    ExitStatus gui = exitStatus(false);
    gui.report(new RunReport(10, Map.of(), List.of("json: died"), List.of(), ""));
    assertEquals(0, gui.arranged);
  }
}
