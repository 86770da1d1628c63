package io.k6bridge.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jmeter.gui.JMeterGUIComponent;
import org.apache.jorphan.reflect.ClassFinder;
import org.junit.jupiter.api.Test;

/** Runs in the verify phase, on the jar users drop into lib/ext. */
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "k6bridge-jmeter-0.1.0.jar");

  @Test
  void bundlesOnlyOurOwnClassesAndKeepsTheOutputServices() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> foreign = new ArrayList<>();
      jar.stream()
          .map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("io/k6bridge/"))
          .forEach(foreign::add);
      assertEquals(List.of(), foreign);
      assertTrue(jar.getEntry("io/k6bridge/jmeter/K6BackendListenerClient.class") != null);
      // JMeter's class finder scanning lib/ext fails on a jar without a manifest (every
      // ${__P()} then stops evaluating).
      assertTrue(jar.getManifest() != null, "the jar has a manifest");
      assertTrue(jar.getEntry("io/k6bridge/engine/MetricsEngine.class") != null);
      String services =
          new String(
              jar.getInputStream(
                      jar.getEntry(
                          "META-INF/services/io.k6bridge.output.builtin.BuiltinOutputFactory"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertTrue(services.contains("io.k6bridge.output.json.JsonOutputFactory"), services);
      assertTrue(services.contains("io.k6bridge.output.csv.CsvOutputFactory"), services);
    }
  }

  @Test
  void carriesItsLicenceTheBundledLibrariesNoticesAndTheMergeCommand() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (String file : List.of("META-INF/LICENSE", "META-INF/NOTICE", "META-INF/THIRD-PARTY")) {
        assertTrue(jar.getEntry(file) != null, file);
      }
      String notice =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertTrue(notice.contains("Protocol Buffers") && notice.contains("OkHttp"), notice);
      assertEquals(
          "io.k6bridge.fleet.MergeCommand",
          jar.getManifest().getMainAttributes().getValue("Main-Class"));
    }
  }

  /**
   * jmeter-maven-plugin installs an extension's dependencies into JMeter's lib, test-scoped ones
   * included: the published POM must name only what JMeter provides.
   */
  @Test
  void thePublishedPomNamesOnlyWhatJMeterProvides() throws Exception {
    String pom = Files.readString(Path.of("dependency-reduced-pom.xml"));
    Matcher scope = Pattern.compile("<scope>([a-z]+)</scope>").matcher(pom);
    List<String> scopes = new ArrayList<>();
    while (scope.find()) {
      scopes.add(scope.group(1));
    }
    assertEquals(List.of("provided", "provided", "provided", "provided", "provided"), scopes, pom);
  }

  @Test
  void jmetersMenuFindsTheGuiInTheJar() throws Exception {
    // What JMeter's MenuFactory does with the jars in lib/ext to build Add > Listener.
    List<String> guis =
        ClassFinder.findClassesThatExtend(
            new String[] {JAR.toAbsolutePath().toString()},
            new Class<?>[] {JMeterGUIComponent.class});
    assertTrue(guis.contains(K6BackendListenerGui.class.getName()), guis.toString());
  }
}
