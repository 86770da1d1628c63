package io.k6bridge.output.text;

import io.k6bridge.output.builtin.BuiltinParams;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Where a file output writes, chosen the way k6 chooses: no name or {@code -} is standard output, a
 * name ending in {@code .gz} is gzipped, anything else is a plain file (created or truncated).
 * Nothing is opened until {@link #open()}, so configuration can be validated first.
 */
public final class OutputTarget implements SampleTextStream.Sink {
  private static final int FILE_BUFFER = 64 * 1024;

  private final String name;
  private final Path file;
  private OutputStream out;

  private OutputTarget(String name, Path file) {
    this.name = name;
    this.file = file;
  }

  /**
   * The target for a user-supplied name; relative names resolve against the params' directory. A
   * file is claimed for the run at once ({@link io.k6bridge.output.builtin.OutputFiles#claim}).
   *
   * @param key the setting that named it, for the message when it cannot be written
   * @throws io.k6bridge.config.ConfigException when the file cannot be written, or another output
   *     writes it
   */
  public static OutputTarget of(String key, String name, BuiltinParams params) {
    boolean stdout = name == null || name.isEmpty() || name.equals("-");
    if (stdout) {
      return new OutputTarget("-", null);
    }
    Path file =
        params.files().claim(key, name, params.config().sourceOf(key), params.resolve(name));
    return new OutputTarget(name, file);
  }

  public boolean isStdout() {
    return file == null;
  }

  /** The name as the user gave it ("-" for standard output). */
  public String name() {
    return name;
  }

  public void open() throws IOException {
    if (file == null) {
      out = new NonClosing(System.out);
      return;
    }
    // A missing directory would otherwise stop the test before load for want of a mkdir.
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    OutputStream f = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER);
    out = name.endsWith(".gz") ? new FastGzip(f) : f;
  }

  @Override
  public void write(TextBuffer text) throws IOException {
    text.writeTo(out);
  }

  /** Pushes what was written to the file, gzip included. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Finishes the gzip stream and closes the file; standard output is only flushed. */
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  /**
   * gzip at deflate's fastest level. Compressing is most of a gzipped file output's cost, and it
   * runs on the injector's cores beside the load: the fastest level takes about half the CPU of the
   * default (6, which k6's Go writer uses) for files about twice as large (benchmarks/RESULTS.md).
   * Sync-flushing: every periodic flush reaches the disk in a readable state, so a JMeter killed
   * mid-run still leaves everything up to the last flush (k6 keeps it pending).
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, FILE_BUFFER, true);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /** Standard output belongs to the process, not to one output. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
