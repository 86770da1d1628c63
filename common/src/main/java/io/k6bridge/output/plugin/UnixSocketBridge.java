package io.k6bridge.output.plugin;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A loopback TCP port in front of a Unix socket, for plug-ins that serve on one (Go's go-plugin
 * does): the HTTP/2 client speaks TCP, and Java reaches Unix sockets only through channels. Each
 * accepted connection is copied both ways by two daemon threads until either side closes. Only this
 * JVM can reach the port: it listens on 127.0.0.1.
 */
final class UnixSocketBridge implements Closeable {
  private final ServerSocket server;
  private final Path socket;

  UnixSocketBridge(Path socket) throws IOException {
    this.socket = socket;
    this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "k6bridge-plugin-bridge");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket tcp = server.accept();
        SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX);
        unix.connect(UnixDomainSocketAddress.of(socket));
        InputStream tcpIn = tcp.getInputStream();
        OutputStream tcpOut = tcp.getOutputStream();
        // The channel's own read and write, not Channels' streams, which share one lock.
        daemon(
            () -> {
              byte[] b = new byte[16 * 1024];
              for (int n; (n = tcpIn.read(b)) >= 0; ) {
                ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
                while (buf.hasRemaining()) {
                  unix.write(buf);
                }
              }
            },
            tcp,
            unix);
        daemon(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
              while (unix.read(buf) >= 0) {
                tcpOut.write(buf.array(), 0, buf.position());
                tcpOut.flush();
                buf.clear();
              }
            },
            tcp,
            unix);
      } catch (IOException e) {
        // Closed, or the plug-in's socket is gone: the client's call fails and says so.
      }
    }
  }

  private interface Copy {
    void run() throws IOException;
  }

  private static void daemon(Copy copy, Closeable a, Closeable b) {
    Thread t =
        new Thread(
            () -> {
              try (a;
                  b) {
                copy.run();
              } catch (IOException e) {
                // one side closed: both are closed on the way out
              }
            },
            "k6bridge-plugin-bridge-copy");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
