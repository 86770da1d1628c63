package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration keys are user contracts: every key the listener accepts is in the README. */
class ReadmeDocumentsKeysTest {
  @Test
  void everyKeyIsDocumented() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> missing = new ArrayList<>();
    List<String> testOnly = new ArrayList<>();
    for (ConfigKey<?> k : new CapturingOutputFactory().configKeys()) {
      testOnly.add(k.name());
    }
    for (ConfigKey<?> k : ListenerSettings.keys()) {
      if (!testOnly.contains(k.name()) && !readme.contains("`" + k.name())) {
        missing.add(k.name());
      }
    }
    assertTrue(missing.isEmpty(), "keys missing from README.md: " + missing);
  }

  /** The README is user documentation, not a notebook: at most 450 lines (issue 20). */
  @Test
  void theReadmeStaysShort() throws Exception {
    long lines = Files.readAllLines(Path.of("..", "README.md")).size();
    assertTrue(lines <= 450, "README.md has " + lines + " lines");
  }
}
