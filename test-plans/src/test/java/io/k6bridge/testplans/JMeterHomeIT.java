package io.k6bridge.testplans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JMeter home jmeter-maven-plugin built the way a user's POM asks for k6bridge (the one
 * artifact in {@code jmeterExtensions}, the plug-in's default dependency resolution): k6bridge's
 * jar is all it added; nothing of ours lands in JMeter's lib.
 */
class JMeterHomeIT {
  @Test
  void installingK6bridgeAddsItsJarAndNothingElse() throws Exception {
    Path build = Path.of(System.getProperty("k6.build.dir", "target"));
    JsonNode config =
        new ObjectMapper()
            .readTree(build.resolve("config.json").toFile())
            .path("configurations")
            .get(0);
    Path home = Path.of(config.path("jmeterDirectoryPath").asText());
    assertEquals(List.of("k6bridge-jmeter-0.1.0.jar"), names(home.resolve("lib/ext")));
    // What k6bridge-jmeter's own build and tests use, which a user's JMeter must never receive.
    List<String> ours =
        names(home.resolve("lib")).stream()
            .filter(n -> n.matches("(junit-jupiter|slf4j-simple|okhttp|okio|protobuf).*"))
            .collect(Collectors.toList());
    assertEquals(List.of(), ours, "jars JMeter 5.6.3 does not ship");
  }

  /** The jars in {@code dir} that are not JMeter's own modules. */
  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> jars = Files.list(dir)) {
      return jars.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jar") && !n.startsWith("ApacheJMeter_"))
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
