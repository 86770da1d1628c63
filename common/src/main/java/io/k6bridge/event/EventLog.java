package io.k6bridge.event;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.secret.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's structured event log (K6BRIDGE_EVENTS): one JSON object per line, appended to a file or
 * written to standard output, so Loki, Elasticsearch and the like index it without parsing prose.
 *
 * <p>Every line has the same top-level keys: {@code time} (RFC 3339, UTC), {@code event}, {@code
 * testid}, {@code plan}, {@code injector}, {@code role}, {@code tags} (the run tags), and {@code
 * data} (the event's own fields). Events are rare (start, stop, breaches, failures), so each line
 * is written and flushed at once, under a lock; never on a sampler thread.
 */
public final class EventLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  public static final ConfigKey<String> EVENTS =
      ConfigKey.string(
          "K6BRIDGE_EVENTS",
          null,
          "Where lifecycle events are written as JSON lines: a file (appended to), or - for"
              + " standard output; unset, none are written.");

  public static final String TEST_START = "test_start";
  public static final String TEST_STOP = "test_stop";
  public static final String TEST_ABORT = "test_abort";
  public static final String THRESHOLD_BREACHED = "threshold_breached";
  public static final String OUTPUT_FAILED = "output_failed";
  public static final String OUTPUT_RETRYING = "output_retrying";
  public static final String OUTPUT_RECOVERED = "output_recovered";
  public static final String SAMPLES_DROPPED = "samples_dropped";
  public static final String INJECTOR_SATURATED = "injector_saturated";

  private final PrintStream out;
  private final boolean ownsStream;
  private volatile RunContext context;
  private final Secrets secrets;
  private boolean failed;

  private EventLog(PrintStream out, boolean ownsStream, RunContext context, Secrets secrets) {
    this.out = out;
    this.ownsStream = ownsStream;
    this.context = context;
    this.secrets = secrets;
  }

  /**
   * The log K6BRIDGE_EVENTS names: null or blank is a log that writes nothing, {@code -} standard
   * output, anything else a file (relative to {@code baseDirectory}, parent directories created).
   */
  public static EventLog open(String target, Path baseDirectory, RunContext context)
      throws IOException {
    return open(target, baseDirectory, context, new Secrets());
  }

  /** As {@link #open(String, Path, RunContext)}, masking {@code secrets} in every line. */
  public static EventLog open(
      String target, Path baseDirectory, RunContext context, Secrets secrets) throws IOException {
    if (target == null || target.isBlank()) {
      return new EventLog(null, false, context, secrets);
    }
    if (target.trim().equals("-")) {
      return new EventLog(System.out, false, context, secrets);
    }
    Path file = baseDirectory.resolve(target.trim()).toAbsolutePath();
    Files.createDirectories(file.getParent());
    OutputStream f =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new EventLog(new PrintStream(f, false, StandardCharsets.UTF_8), true, context, secrets);
  }

  /** A log that writes nothing. */
  public static EventLog none(RunContext context) {
    return new EventLog(null, false, context, new Secrets());
  }

  /** {@code text} with the run's secrets masked: for anything else on its way to a log. */
  public String mask(String text) {
    return secrets.mask(text);
  }

  public boolean enabled() {
    return out != null;
  }

  public RunContext context() {
    return context;
  }

  /** Replaces the context; adapters name the plan and role before the test starts. */
  public void context(RunContext context) {
    this.context = context;
  }

  /** An event's fields in the order given: key, value, key, value... */
  public static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** Writes one event line with {@code data} as its own fields. */
  public void emit(String event, Map<String, ?> data) {
    if (out == null) {
      return;
    }
    RunContext c = context;
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("event", event);
    line.put("testid", c.testid());
    line.put("plan", c.plan());
    line.put("injector", c.injector());
    line.put("role", c.role());
    line.put("tags", c.tags().asMap());
    line.put("data", data);
    String text = secrets.mask(JsonLine.of(line));
    synchronized (this) {
      out.print(text);
      out.print('\n');
      out.flush();
      if (out.checkError() && !failed) {
        failed = true; // PrintStream swallows IOExceptions: say so once, never fail the test for it
        LOG.error("k6bridge: could not write lifecycle events (K6BRIDGE_EVENTS)");
      }
    }
  }

  @Override
  public synchronized void close() {
    if (ownsStream) {
      out.close();
    }
  }
}
