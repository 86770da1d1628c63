package io.k6bridge.output.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Linux only: checks that an output really closed its file. */
public final class OpenFiles {
  private OpenFiles() {}

  /** How many of this process's file descriptors point at {@code file}. */
  public static long to(Path file) throws IOException {
    Path target = file.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException e) {
                  return false;
                }
              })
          .count();
    }
  }
}
