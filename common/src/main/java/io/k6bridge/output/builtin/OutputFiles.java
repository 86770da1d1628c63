package io.k6bridge.output.builtin;

import io.k6bridge.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files a run will write, checked before load: each must be creatable (not a directory, its
 * nearest existing directory writable) and named by one setting only, since two outputs writing one
 * file corrupt each other. A run that would only find out at its end, after the whole load, that
 * its report cannot be written fails at once instead.
 *
 * <p>Thread-safe; used while the engine builds outputs.
 */
public final class OutputFiles {
  private final Map<Path, String> claimed = new LinkedHashMap<>();

  /**
   * Checks and reserves {@code file} for the setting {@code key}.
   *
   * @param value the setting's value as the user wrote it, for the message
   * @param source where the value came from ("environment", ...)
   * @return the file as an absolute, normalized path
   * @throws ConfigException naming the key, the value, its source and what is accepted
   */
  public synchronized Path claim(String key, String value, String source, Path file) {
    Path path = file.toAbsolutePath().normalize();
    String problem = problem(path);
    if (problem == null && claimed.containsKey(path)) {
      problem = "also written by " + claimed.get(path);
    }
    if (problem != null) {
      throw new ConfigException(
          key,
          "invalid "
              + key
              + "='"
              + value
              + "' from "
              + source
              + " ("
              + path
              + " "
              + problem
              + "): accepted is a file in a writable directory, not written"
              + " by another output");
    }
    claimed.put(path, key);
    return path;
  }

  private static String problem(Path path) {
    if (Files.isDirectory(path)) {
      return "is a directory";
    }
    if (Files.exists(path) && !Files.isWritable(path)) {
      return "is not writable";
    }
    Path dir = path.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      return "has no existing directory above it";
    }
    if (!Files.isDirectory(dir)) {
      return "is below " + dir + ", which is not a directory";
    }
    if (!Files.isWritable(dir)) {
      return "cannot be created: " + dir + " is not writable";
    }
    return null;
  }
}
