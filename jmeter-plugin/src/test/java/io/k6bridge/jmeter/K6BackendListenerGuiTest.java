package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Component;
import java.awt.Container;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.config.gui.ArgumentsPanel;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jmeter.visualizers.backend.BackendListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GUI shows every key and saves only the rows that differ from their defaults (headless: the
 * Swing components are built, never shown).
 */
class K6BackendListenerGuiTest {
  @BeforeAll
  static void jmeter() throws Exception {
    JMeterFixture.init();
    // The class chooser lists the clients it finds on JMeter's search paths: ours is here.
    Path classes =
        Path.of(
            K6BackendListenerClient.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    JMeterUtils.setProperty("search_paths", classes.toString());
  }

  @Test
  void aNewListenerShowsEveryKeyAndSavesNoRow() {
    K6BackendListenerGui gui = new K6BackendListenerGui();
    BackendListener created = (BackendListener) gui.createTestElement();
    assertEquals(K6BackendListenerClient.class.getName(), created.getClassname());
    assertEquals(
        K6BackendListenerGui.class.getName(), created.getPropertyAsString("TestElement.gui_class"));
    gui.configure(created);
    assertEquals(ListenerSettings.keys().size(), shown(gui).size(), "every key, with its default");
    assertEquals("compact", shown(gui).get("K6_SUMMARY_MODE"));

    BackendListener saved = new BackendListener();
    gui.modifyTestElement(saved);
    assertEquals(K6BackendListenerClient.class.getName(), saved.getClassname());
    assertEquals(
        Map.of(), saved.getArguments().getArgumentsAsMap(), "nothing differs from a default");
  }

  @Test
  void onlyChangedRowsAndUnknownRowsAreSavedAndShownBack() {
    BackendListener plan = new BackendListener();
    plan.setClassname(K6BackendListenerClient.class.getName());
    Arguments rows = new Arguments();
    rows.addArgument("K6_OUT", "json=out.json");
    rows.addArgument("K6_CSV_TIME_FORMAT", "unix"); // the default, as an older plan may hold it
    rows.addArgument(
        "K6_PROMETHEUS_RW_HEADERS_X-Team", "perf"); // a per-header key: not a listed key
    plan.setArguments(rows);
    K6BackendListenerGui gui = new K6BackendListenerGui();
    gui.configure(plan);
    Map<String, String> shown = shown(gui);
    assertEquals("json=out.json", shown.get("K6_OUT"));
    assertEquals("perf", shown.get("K6_PROMETHEUS_RW_HEADERS_X-Team"));
    assertEquals(ListenerSettings.keys().size() + 1, shown.size());

    BackendListener saved = new BackendListener();
    gui.modifyTestElement(saved);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("K6_OUT", "json=out.json");
    expected.put("K6_PROMETHEUS_RW_HEADERS_X-Team", "perf");
    assertEquals(expected, saved.getArguments().getArgumentsAsMap());
  }

  /** What the GUI's parameter table holds now. */
  private static Map<String, String> shown(K6BackendListenerGui gui) {
    ArgumentsPanel panel = find(gui, ArgumentsPanel.class);
    assertNotNull(panel, "the parameter table");
    return ((Arguments) panel.createTestElement()).getArgumentsAsMap();
  }

  private static <T> T find(Container c, Class<T> type) {
    for (Component child : c.getComponents()) {
      if (type.isInstance(child)) {
        return type.cast(child);
      }
      if (child instanceof Container) {
        T found = find((Container) child, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
