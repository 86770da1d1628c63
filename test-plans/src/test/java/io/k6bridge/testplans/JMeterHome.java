package io.k6bridge.testplans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JMeter home jmeter-maven-plugin's {@code configure} built for a module, as it recorded it in
 * the module's {@code target/config.json}.
 */
public record JMeterHome(Path directory, String runtimeJar) {
  public static JMeterHome of(Path buildDir) throws IOException {
    JsonNode c =
        new ObjectMapper()
            .readTree(buildDir.resolve("config.json").toFile())
            .path("configurations")
            .get(0);
    return new JMeterHome(
        Path.of(c.path("jmeterDirectoryPath").asText()), c.path("runtimeJarName").asText());
  }

  /** JMeter's launcher jar, {@code bin/ApacheJMeter.jar}. */
  public Path launcher() {
    return directory.resolve("bin").resolve(runtimeJar);
  }

  /**
   * {@code java -Xmx256m -jar <launcher> -n -t <plan> -j <log>}: a headless run of this home, to
   * which callers add their arguments and properties.
   */
  public List<String> nonGui(Path plan, Path log) {
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            launcher().toString(),
            "-n",
            "-t",
            plan.toString(),
            "-j",
            log.toString()));
  }

  /** k6bridge's jar as users install it, in the home's {@code lib/ext}. */
  public Path k6bridgeJar() throws IOException {
    Path ext = directory.resolve("lib").resolve("ext");
    try (var jars = Files.list(ext)) {
      return jars.filter(p -> p.getFileName().toString().startsWith("k6bridge-jmeter"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no k6bridge-jmeter jar in " + ext));
    }
  }
}
