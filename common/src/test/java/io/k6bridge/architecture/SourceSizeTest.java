package io.k6bridge.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The size limits the architecture keeps: no main source file in {@code common} or an adapter over
 * {@value #MAX_FILE_LINES} lines, and each adapter at most {@value #MAX_ADAPTER_CODE} lines of code
 * (lines that are neither blank nor comment: what an adapter does, with its documentation on top).
 * An adapter that grows past it is doing k6's work, which belongs in {@code common}.
 */
class SourceSizeTest {
  static final int MAX_FILE_LINES = 450;
  static final int MAX_ADAPTER_CODE = 1_000;

  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final List<String> MODULES = List.of("common", "jmeter-plugin", "gatling-plugin");
  private static final List<String> ADAPTERS = List.of("jmeter-plugin", "gatling-plugin");

  @Test
  void noMainFileIsLongerThanTheLimit() {
    Map<String, Integer> over = new TreeMap<>();
    for (String module : MODULES) {
      for (Path p : mainSources(module)) {
        int lines = lines(p).size();
        if (lines > MAX_FILE_LINES) {
          over.put(ROOT.relativize(p).toString(), lines);
        }
      }
    }
    assertEquals(Map.of(), over, "main files over " + MAX_FILE_LINES + " lines");
  }

  @Test
  void eachAdapterHasAtMostTheLimitOfCode() {
    Map<String, Integer> over = new TreeMap<>();
    for (String adapter : ADAPTERS) {
      int code = mainSources(adapter).stream().mapToInt(p -> codeLines(lines(p))).sum();
      if (code > MAX_ADAPTER_CODE) {
        over.put(adapter, code);
      }
    }
    assertEquals(Map.of(), over, "adapters over " + MAX_ADAPTER_CODE + " lines of code");
  }

  @Test
  void codeLinesLeaveOutBlankLinesAndComments() {
    List<String> file =
        List.of(
            "package a;",
            "",
            "/**",
            " * Javadoc.",
            " */",
            "final class A { // a trailing comment is code",
            "  // a comment",
            "  /* one line */",
            "  int x; /* after code */",
            "}");
    assertEquals(4, codeLines(file));
  }

  /** Lines that are neither blank nor inside or wholly a comment. */
  static int codeLines(List<String> lines) {
    int code = 0;
    boolean inComment = false;
    for (String line : lines) {
      String s = line.trim();
      if (inComment) {
        int end = s.indexOf("*/");
        if (end < 0) {
          continue;
        }
        inComment = false;
        s = s.substring(end + 2).trim();
      }
      if (s.isEmpty() || s.startsWith("//")) {
        continue;
      }
      if (s.startsWith("/*")) {
        int end = s.indexOf("*/", 2);
        if (end < 0) {
          inComment = true;
          continue;
        }
        if (s.substring(end + 2).isBlank()) {
          continue;
        }
      }
      code++;
    }
    return code;
  }

  private static List<Path> mainSources(String module) {
    try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
      return files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
