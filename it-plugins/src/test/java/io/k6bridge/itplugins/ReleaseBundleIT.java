package io.k6bridge.itplugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The release profile as a maintainer runs it, {@code ./mvnw -Prelease -Dgpg.skip -DskipTests
 * verify}, on a copy of the published modules' sources: the Central Portal bundle it writes holds,
 * for each published artifact, the jar, {@code -sources.jar}, {@code -javadoc.jar} and POM with
 * checksums; the parent POM carries the metadata Central requires; nothing else is in it.
 */
class ReleaseBundleIT {
  private static final Path ROOT = Path.of(System.getProperty("k6.source.root"));
  private static final Path COPY = Path.of(System.getProperty("k6.target")).resolve("release-tree");
  private static final List<String> MODULES =
      List.of("output-api", "common", "jmeter-plugin", "gatling-plugin");
  private static final List<String> ARTIFACTS =
      List.of("k6bridge-output-api", "k6bridge-common", "k6bridge-jmeter", "k6bridge-gatling");

  @Test
  void theReleaseProfileBundlesSourcesJavadocAndMetadata() throws Exception {
    copyTree();
    Path log = COPY.resolve("release.log");
    Process p =
        new ProcessBuilder(
                COPY.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-Prelease",
                "-Dgpg.skip",
                "-DskipTests",
                "verify")
            .directory(COPY.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "release build still running");
    assertEquals(0, p.exitValue(), "see " + log);
    assertTrue(
        Files.readString(log).contains("Skipping the upload of the bundle"), "nothing uploaded");

    Set<String> entries = new TreeSet<>();
    String parentPom = null;
    try (ZipInputStream zip =
        new ZipInputStream(
            Files.newInputStream(COPY.resolve("target/central-publishing/central-bundle.zip")))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        entries.add(e.getName());
        if (e.getName().endsWith("k6bridge-parent-0.1.0.pom")) {
          parentPom = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    for (String a : ARTIFACTS) {
      String base = "io/k6bridge/" + a + "/0.1.0/" + a + "-0.1.0";
      for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom")) {
        assertTrue(entries.contains(base + suffix), base + suffix + " in " + entries);
        assertTrue(entries.contains(base + suffix + ".sha1"), base + suffix + ".sha1");
      }
    }
    List<String> others = new ArrayList<>();
    for (String e : entries) {
      String artifact = e.split("/")[2];
      if (!ARTIFACTS.contains(artifact) && !artifact.equals("k6bridge-parent")) {
        others.add(e);
      }
    }
    assertEquals(List.of(), others, "only the published modules");
    assertTrue(parentPom != null, "the parent POM is published: the others name it");
    for (String element :
        List.of("<name>", "<description>", "<url>", "<licenses>", "<scm>", "<developers>")) {
      assertTrue(parentPom.contains(element), element + " in the parent POM");
    }
    assertTrue(parentPom.contains("<name>Apache-2.0</name>"), "the licence");
  }

  /** The published modules' sources and the build's own files, without build output. */
  private static void copyTree() throws IOException {
    if (Files.exists(COPY)) {
      try (Stream<Path> old = Files.walk(COPY)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    List<String> top = new ArrayList<>(MODULES);
    top.addAll(List.of("mvnw", ".mvn", "LICENSE", "NOTICE", "THIRD-PARTY"));
    for (String name : top) {
      Path from = ROOT.resolve(name);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path rel = ROOT.relativize(f);
          if (rel.toString().contains("/target") || f.endsWith("dependency-reduced-pom.xml")) {
            continue;
          }
          Path to = COPY.resolve(rel.toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.createDirectories(to.getParent());
            Files.copy(f, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    // The root POM with only the published modules: the others are not copied.
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    int from = pom.indexOf("<modules>");
    int to = pom.indexOf("</modules>") + "</modules>".length();
    StringBuilder modules = new StringBuilder("<modules>");
    MODULES.forEach(m -> modules.append("<module>").append(m).append("</module>"));
    Files.writeString(
        COPY.resolve("pom.xml"),
        pom.substring(0, from) + modules.append("</modules>") + pom.substring(to));
  }
}
