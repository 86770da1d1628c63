package io.k6bridge.testplans.gatling;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gatling's own record of a run: the binary simulation.log of Gatling 3.13+, read as gatling-core's
 * LogFileDataWriter writes it (v3.14.9 and v3.15.1 share the format). Big-endian ints; a string is
 * its length, then the JVM's internal bytes and coder (0 Latin-1, 1 UTF-16 in native order); a
 * cached string is a positive new index followed by the string, or a negative index seen before.
 */
final class SimulationLog {
  record Request(String group, String name, int start, int end, boolean ok, String message) {}

  record Group(String path, int start, int end, boolean ok) {}

  record User(String scenario, boolean start, int time) {}

  final List<String> scenarios = new ArrayList<>();
  final List<Request> requests = new ArrayList<>();
  final List<Group> groups = new ArrayList<>();
  final List<User> users = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  long runStart;

  private final Map<Integer, String> cache = new HashMap<>();
  private final DataInputStream in;

  private SimulationLog(InputStream in) {
    this.in = new DataInputStream(in);
  }

  static SimulationLog read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      SimulationLog log = new SimulationLog(new java.io.BufferedInputStream(in));
      log.readAll();
      return log;
    }
  }

  private void readAll() throws IOException {
    while (true) {
      int header;
      try {
        header = in.readUnsignedByte();
      } catch (EOFException end) {
        return;
      }
      switch (header) {
        case 0 -> run();
        case 1 ->
            requests.add(
                new Request(
                    groups(), cached(), in.readInt(), in.readInt(), in.readBoolean(), cached()));
        case 2 -> users.add(new User(scenarios.get(in.readInt()), in.readBoolean(), in.readInt()));
        case 3 -> {
          String path = groups();
          int start = in.readInt();
          int end = in.readInt();
          in.readInt(); // cumulated response time
          this.groups.add(new Group(path, start, end, in.readBoolean()));
        }
        case 4 -> {
          errors.add(cached());
          in.readInt();
        }
        default -> throw new IOException("unknown record header " + header);
      }
    }
  }

  private void run() throws IOException {
    string(); // Gatling version
    string(); // simulation class
    runStart = in.readLong();
    string(); // description
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      scenarios.add(string());
    }
    int assertions = in.readInt();
    for (int i = 0; i < assertions; i++) {
      in.skipNBytes(in.readInt());
    }
  }

  /** The k6 path of a group hierarchy: "" or ::a::b. */
  private String groups() throws IOException {
    int n = in.readInt();
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < n; i++) {
      path.append("::").append(cached());
    }
    return path.toString();
  }

  private String cached() throws IOException {
    int index = in.readInt();
    if (index < 0) {
      return cache.get(-index);
    }
    String s = string();
    cache.put(index, s);
    return s;
  }

  private String string() throws IOException {
    int length = in.readInt();
    if (length == 0) {
      return "";
    }
    byte[] bytes = in.readNBytes(length);
    Charset charset =
        in.readByte() == 0
            ? StandardCharsets.ISO_8859_1
            : ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? StandardCharsets.UTF_16LE
                : StandardCharsets.UTF_16BE;
    return new String(bytes, charset);
  }
}
