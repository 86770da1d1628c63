package io.k6bridge.output.plugin;

import io.k6bridge.output.exec.CommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process a {@code plugin=} argument names, resolved as xk6-output-plugin does: the argument is
 * split like a shell's words (google/shlex, {@code #} comments included); the program's file name
 * gets the prefix {@value #PREFIX} unless it has it ({@code plugin=./example.py} runs {@code
 * ./xk6-output-plugin-example.py}); a name without a slash is looked up in PATH (relative PATH
 * entries skipped, as Go does since 1.19), one with a slash is relative to the working directory.
 * The process is executed directly, without a shell: a script needs its run bit and a shebang.
 *
 * @param command the program's path, then its arguments
 * @param name the plug-in's name in logs: the file name without the prefix, such as {@code
 *     example.py}
 */
record PluginCommand(List<String> command, String name) {
  static final String PREFIX = "xk6-output-plugin-";

  /**
   * @param path the PATH to search, or null
   * @param workingDirectory what a relative program path is relative to
   * @throws IllegalArgumentException saying what is wrong: nothing named, bad quoting, a program
   *     that is not found, not executable, or whose interpreter is missing
   */
  static PluginCommand resolve(String argument, String path, Path workingDirectory) {
    List<String> words = CommandLine.split(argument, true);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("no plug-in named; use plugin=PATH [ARGUMENTS]");
    }
    String first = words.get(0);
    int slash = first.lastIndexOf('/');
    String dir = first.substring(0, slash + 1);
    String file = first.substring(slash + 1);
    if (!file.startsWith(PREFIX)) {
      file = PREFIX + file;
    }
    String program;
    if (dir.isEmpty()) {
      program = inPath(file, path);
    } else {
      Path p = Path.of(dir).resolve(file);
      program = workingDirectory.toAbsolutePath().resolve(p).normalize().toString();
      check(Path.of(program), first);
    }
    List<String> command = new ArrayList<>(words);
    command.set(0, program);
    return new PluginCommand(List.copyOf(command), file.substring(PREFIX.length()));
  }

  private static String inPath(String file, String path) {
    if (path != null) {
      for (String entry : path.split(":")) {
        Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(file);
        if (Path.of(entry).isAbsolute() && Files.isRegularFile(candidate)) {
          check(candidate, file);
          return candidate.toString();
        }
      }
    }
    throw new IllegalArgumentException(
        file + " is not in PATH; name the file with a path, such as plugin=./" + file);
  }

  /** Whether the kernel can execute it: a file with its run bit, and a script's interpreter. */
  private static void check(Path program, String named) {
    if (!Files.isRegularFile(program)) {
      throw new IllegalArgumentException(
          "no file " + program + " (from " + named + "; the name gets the prefix " + PREFIX + ")");
    }
    if (!Files.isExecutable(program)) {
      throw new IllegalArgumentException(program + " is not executable (chmod +x)");
    }
    String interpreter = interpreter(program);
    if (interpreter != null
        && interpreter.startsWith("/")
        && !Files.isExecutable(Path.of(interpreter))) {
      throw new IllegalArgumentException(
          program + " names the interpreter " + interpreter + ", which is not installed");
    }
  }

  /** The interpreter a script's {@code #!} line names, or null. */
  private static String interpreter(Path program) {
    try (InputStream in = Files.newInputStream(program)) {
      byte[] head = in.readNBytes(256);
      if (head.length < 2 || head[0] != '#' || head[1] != '!') {
        return null;
      }
      String line = new String(head, 2, head.length - 2, StandardCharsets.ISO_8859_1);
      String[] words = line.split("\n", 2)[0].trim().split("\\s+");
      return words[0].isEmpty() ? null : words[0];
    } catch (IOException e) {
      return null;
    }
  }
}
