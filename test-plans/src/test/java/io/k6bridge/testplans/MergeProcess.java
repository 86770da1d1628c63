package io.k6bridge.testplans;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar <k6bridge jar> merge ARGS}, the fleet command as users run it, in a process. */
public final class MergeProcess {
  /** Its exit status and what it printed, standard output and error together. */
  public record Result(int status, String output) {}

  private MergeProcess() {}

  /**
   * @param jar k6bridge-jmeter's or k6bridge-gatling's jar
   * @param dir where its console is kept
   */
  public static Result run(Path jar, Path dir, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8",
                "-Dsun.stdout.encoding=UTF-8",
                "-jar",
                jar.toString(),
                "merge"));
    cmd.addAll(List.of(args));
    Files.createDirectories(dir);
    Path out = Files.createTempFile(dir, "merge", ".out");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("merge still running after 60 s: " + cmd);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
