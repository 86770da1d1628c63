package io.k6bridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of k6bridge-output-api, recorded in {@code api/k6bridge-output-api.txt}: every
 * public type with its public and protected members, one line each, sorted. A change the record
 * does not have fails the build; when the change is meant, {@code -Dk6bridge.api.update=true}
 * rewrites the record, and the diff shows in review what plug-in authors will see.
 */
class ApiDumpTest {
  private static final Path RECORD = Path.of("api", "k6bridge-output-api.txt");
  private static final Path CLASSES = Path.of("target", "classes");

  @Test
  void thePublicApiIsTheRecordedOne() throws Exception {
    String actual = String.join("\n", dump(CLASSES)) + "\n";
    if (Boolean.getBoolean("k6bridge.api.update")) {
      Files.writeString(RECORD, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(RECORD)) {
      fail(RECORD + " is missing: run with -Dk6bridge.api.update=true to record the API");
    }
    String recorded = Files.readString(RECORD, StandardCharsets.UTF_8);
    if (!recorded.equals(actual)) {
      fail(
          "the public API differs from "
              + RECORD
              + " (if the change is meant, rerun with -Dk6bridge.api.update=true and commit"
              + " the record):\n"
              + difference(recorded, actual));
    }
  }

  @Test
  void aChangedSignatureIsSeen() throws Exception {
    List<String> lines = dump(CLASSES);
    String withTypo = String.join("\n", lines).replace("addMetricSamples", "addMetricSample");
    assertEquals(
        "-   public abstract void io.k6bridge.output.Output.addMetricSample("
            + "io.k6bridge.metrics.SampleBatch)\n"
            + "+   public abstract void io.k6bridge.output.Output.addMetricSamples("
            + "io.k6bridge.metrics.SampleBatch)\n",
        difference(withTypo + "\n", String.join("\n", lines) + "\n"));
  }

  /** Each public type by name, then its public and protected members, sorted. */
  static List<String> dump(Path classes) throws IOException, ClassNotFoundException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      walk.filter(p -> p.toString().endsWith(".class"))
          .forEach(
              p ->
                  names.add(
                      classes.relativize(p).toString().replace('/', '.').replace(".class", "")));
    }
    List<String> out = new ArrayList<>();
    for (String name : names) {
      Class<?> c = Class.forName(name, false, ApiDumpTest.class.getClassLoader());
      if (!visible(c)) {
        continue;
      }
      out.add(typeLine(c));
      TreeSet<String> members = new TreeSet<>();
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (exposed(k.getModifiers()) && !k.isSynthetic()) {
          members.add("  " + k.toGenericString());
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          members.add("  " + m.toGenericString());
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (exposed(f.getModifiers()) && !f.isSynthetic()) {
          members.add("  " + f.toGenericString());
        }
      }
      out.addAll(members);
    }
    return out;
  }

  /** A public type, public all the way out if nested. */
  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String typeLine(Class<?> c) {
    StringBuilder s = new StringBuilder(c.toGenericString());
    if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class) {
      s.append(" extends ").append(c.getGenericSuperclass().getTypeName());
    }
    if (c.getGenericInterfaces().length > 0) {
      s.append(c.isInterface() ? " extends " : " implements ");
      s.append(
          Stream.of(c.getGenericInterfaces())
              .map(java.lang.reflect.Type::getTypeName)
              .collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  /** Lines only in {@code recorded} (-) and only in {@code actual} (+). */
  static String difference(String recorded, String actual) {
    TreeSet<String> was = new TreeSet<>(List.of(recorded.split("\n")));
    TreeSet<String> is = new TreeSet<>(List.of(actual.split("\n")));
    StringBuilder out = new StringBuilder();
    for (String line : was) {
      if (!is.contains(line)) {
        out.append("- ").append(line).append('\n');
      }
    }
    for (String line : is) {
      if (!was.contains(line)) {
        out.append("+ ").append(line).append('\n');
      }
    }
    return out.toString();
  }
}
