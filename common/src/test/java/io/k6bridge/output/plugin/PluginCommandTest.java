package io.k6bridge.output.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names resolved as xk6-output-plugin resolves them. */
class PluginCommandTest {
  @TempDir Path dir;

  private Path script(String name, String firstLine) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, firstLine + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void theFileNameGetsThePrefixAndTheArgumentsAreShellWords() throws Exception {
    Path p = script("xk6-output-plugin-example.py", "#!/bin/sh");
    PluginCommand c =
        PluginCommand.resolve("./example.py -flag 'two words' # a comment", null, dir);
    assertEquals(List.of(p.toString(), "-flag", "two words"), c.command());
    assertEquals("example.py", c.name());
    assertEquals(
        p.toString(),
        PluginCommand.resolve("xk6-output-plugin-example.py", dir.toString(), Path.of("/"))
            .command()
            .get(0),
        "a name with the prefix is kept; without a slash it is looked up in PATH");
  }

  @Test
  void aBareNameIsLookedUpInAbsolutePathEntriesOnly() throws Exception {
    Path p = script("xk6-output-plugin-rec", "#!/bin/sh");
    assertEquals(
        p.toString(),
        PluginCommand.resolve("rec", "/nonexistent:" + dir, Path.of("/")).command().get(0));
    assertRefused("rec", ".:relative", dir, "xk6-output-plugin-rec is not in PATH");
  }

  @Test
  void whatCannotRunIsRefusedWithTheReason() throws Exception {
    assertRefused("", null, dir, "no plug-in named");
    assertRefused("'unclosed", null, dir, "unterminated");
    assertRefused(
        "./missing.py", null, dir, "no file " + dir.resolve("xk6-output-plugin-missing.py"));
    Path plain = dir.resolve("xk6-output-plugin-plain");
    Files.writeString(plain, "data");
    assertRefused("./plain", null, dir, "is not executable (chmod +x)");
    script("xk6-output-plugin-py", "#!/no/such/python3 -u");
    assertRefused(
        "./py", null, dir, "names the interpreter /no/such/python3, which is not installed");
  }

  private static void assertRefused(String arg, String path, Path dir, String expected) {
    String message =
        assertThrows(IllegalArgumentException.class, () -> PluginCommand.resolve(arg, path, dir))
            .getMessage();
    assertTrue(message.contains(expected), message);
  }
}
