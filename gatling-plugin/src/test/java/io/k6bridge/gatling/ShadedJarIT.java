package io.k6bridge.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs in the verify phase, on what a Gatling user's build resolves: the jar and the POM Maven
 * publishes with it. Neither may put a library of ours on a simulation's class path, where it could
 * clash with the user's own okhttp, Kotlin, protobuf or ASM.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "k6bridge-gatling-0.1.0.jar");

  /** Where the shade plugin writes the POM that is published (git ignores it). */
  private static final Path POM = Path.of("dependency-reduced-pom.xml");

  @Test
  void theJarHoldsOnlyOurClassesAndStaysAnAgent() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> foreign = new ArrayList<>();
      jar.stream()
          .map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("io/k6bridge/"))
          .forEach(foreign::add);
      assertEquals(List.of(), foreign);
      assertTrue(jar.getEntry("io/k6bridge/shaded/okhttp3/OkHttpClient.class") != null);
      assertTrue(jar.getEntry("io/k6bridge/shaded/asm/ClassReader.class") != null);
      assertEquals(
          K6BridgeAgent.class.getName(),
          jar.getManifest().getMainAttributes().getValue("Premain-Class"));
      assertTrue(
          jar.getEntry("META-INF/services/io.k6bridge.output.builtin.BuiltinOutputFactory")
              != null);
      // java -jar k6bridge-gatling.jar merge, and the licences of what it bundles (ASM too).
      assertEquals(
          "io.k6bridge.fleet.MergeCommand",
          jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertTrue(jar.getEntry("META-INF/LICENSE") != null);
      String thirdParty =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/THIRD-PARTY")).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(thirdParty.contains("INRIA, France Telecom"), thirdParty);
    }
  }

  @Test
  void thePublishedPomBringsOnlyWhatGatlingProvides() throws Exception {
    String pom = Files.readString(POM);
    Matcher dependency =
        Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
    List<String> onClassPath = new ArrayList<>();
    while (dependency.find()) {
      String d = dependency.group(1);
      String scope = tag(d, "scope");
      if (scope == null || scope.equals("compile") || scope.equals("runtime")) {
        onClassPath.add(tag(d, "groupId") + ":" + tag(d, "artifactId"));
      }
    }
    assertEquals(List.of(), onClassPath, "dependencies a simulation would get from us");
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">").matcher(xml);
    return m.find() ? m.group(1).trim() : null;
  }
}
