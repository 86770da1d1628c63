package io.k6bridge.output.plugin;

import io.k6bridge.text.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plug-in's standard error as its log, as go-plugin reads it and k6 prints it: a line that is a
 * JSON object is an hclog entry ({@code @level}, {@code @message}, other keys as fields; the SDKs
 * write these); its level is one of trace, debug, info, warn, error (off drops it), and an entry
 * without a known level is logged whole at debug. Other lines are debug unless they start with
 * {@code [TRACE]} ... {@code [ERROR]}. Each line names the plug-in, as k6's {@code plugin=} field
 * does. Lines are read on the plug-in's own stderr thread.
 */
final class PluginLog {
  static final Logger LOG = LoggerFactory.getLogger("io.k6bridge.output.plugin");

  private static final List<String> KNOWN =
      List.of("trace", "debug", "info", "warn", "error", "off");

  private final String name;

  PluginLog(String name) {
    this.name = name;
  }

  /** One line of the plug-in's standard error. */
  void line(String line) {
    Entry e = parse(line);
    log(e.level(), e.text());
  }

  /**
   * A line as the log entry it is.
   *
   * @param level trace, debug, info, warn, error or off
   */
  record Entry(String level, String text) {}

  static Entry parse(String line) {
    if (line.startsWith("{")) {
      Object parsed;
      try {
        parsed = JsonReader.parse(line);
      } catch (RuntimeException e) {
        parsed = null;
      }
      if (parsed instanceof Map<?, ?> entry
          && entry.get("@level") instanceof String l
          && KNOWN.contains(l.toLowerCase(Locale.ROOT))) {
        List<String> fields = new ArrayList<>();
        entry.forEach(
            (k, v) -> {
              if (!"@level".equals(k) && !"@message".equals(k) && !"@timestamp".equals(k)) {
                fields.add(k + "=" + v);
              }
            });
        Object message = entry.get("@message");
        return new Entry(
            l.toLowerCase(Locale.ROOT),
            (message == null ? "" : message) + (fields.isEmpty() ? "" : " " + fields));
      }
    } else {
      for (String l : KNOWN) {
        String prefix = "[" + l.toUpperCase(Locale.ROOT) + "]";
        if (line.startsWith(prefix)) {
          return new Entry(l, line.substring(prefix.length()).trim());
        }
      }
    }
    return new Entry("debug", line);
  }

  private void log(String level, String text) {
    switch (level) {
      case "trace", "debug" -> LOG.debug("k6bridge: plugin={}: {}", name, text);
      case "info" -> LOG.info("k6bridge: plugin={}: {}", name, text);
      case "warn" -> LOG.warn("k6bridge: plugin={}: {}", name, text);
      case "off" -> {
        // hclog's "off": not logged
      }
      default -> LOG.error("k6bridge: plugin={}: {}", name, text); // error
    }
  }
}
