package io.k6bridge.output.plugin;

/**
 * The line a go-plugin plug-in prints first on its standard output, {@code
 * CORE|APP|NETWORK|ADDRESS|PROTOCOL[|CERT][|MUX]}: where its gRPC server listens. Parsed as
 * go-plugin 1.4.10's client does, accepting core and app version 1, {@code tcp} (the Python and
 * JavaScript SDKs) and {@code unix} (Go), and gRPC only.
 *
 * @param network {@code tcp} or {@code unix}
 * @param address {@code host:port}, or the socket's path
 */
record Handshake(String network, String address) {
  static final String TCP = "tcp";
  static final String UNIX = "unix";

  /**
   * @throws IllegalArgumentException saying what is wrong, in go-plugin's words where it has some
   */
  static Handshake parse(String line) {
    String[] parts = line.trim().split("\\|", 6);
    if (parts.length < 4) {
      throw new IllegalArgumentException(
          "unrecognized handshake line (expected CORE|APP|NETWORK|ADDRESS|PROTOCOL): "
              + quoted(line));
    }
    if (!parts[0].equals("1")) {
      throw new IllegalArgumentException(
          "incompatible core API version with plugin: " + quoted(parts[0]) + ", host speaks 1");
    }
    if (!parts[1].equals("1")) {
      throw new IllegalArgumentException(
          "incompatible API version with plugin. Plugin version: "
              + quoted(parts[1])
              + ", host versions: [1]");
    }
    if (!parts[2].equals(TCP) && !parts[2].equals(UNIX)) {
      throw new IllegalArgumentException("unknown address type " + quoted(parts[2]));
    }
    String protocol = parts.length > 4 ? parts[4] : "netrpc";
    if (!protocol.equals("grpc")) {
      throw new IllegalArgumentException(
          "the plug-in speaks " + quoted(protocol) + "; only grpc plug-ins are supported");
    }
    if (parts[3].isEmpty() || (parts[2].equals(TCP) && parts[3].lastIndexOf(':') <= 0)) {
      throw new IllegalArgumentException("bad address " + quoted(parts[3]));
    }
    return new Handshake(parts[2], parts[3]);
  }

  String host() {
    return address.substring(0, address.lastIndexOf(':'));
  }

  int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static String quoted(String s) {
    return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
  }
}
