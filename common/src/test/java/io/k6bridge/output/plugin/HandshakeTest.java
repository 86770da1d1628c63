package io.k6bridge.output.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandshakeTest {
  @Test
  void thePythonAndJavaScriptSdksServeOnTcp() {
    Handshake h = Handshake.parse("1|1|tcp|127.0.0.1:39021|grpc\n");
    assertEquals(Handshake.TCP, h.network());
    assertEquals("127.0.0.1", h.host());
    assertEquals(39021, h.port());
  }

  @Test
  void goPluginServesOnAUnixSocketWithAnEmptySixthField() {
    Handshake h = Handshake.parse("1|1|unix|/tmp/plugin123456|grpc|");
    assertEquals(Handshake.UNIX, h.network());
    assertEquals("/tmp/plugin123456", h.address());
    assertEquals("/tmp/plugin3", Handshake.parse("1|1|unix|/tmp/plugin3|grpc||true").address());
  }

  @Test
  void badLinesSayWhatIsWrong() {
    assertRefused("hello world", "unrecognized handshake line");
    assertRefused("2|1|tcp|127.0.0.1:1|grpc", "incompatible core API version");
    assertRefused("1|2|tcp|127.0.0.1:1|grpc", "incompatible API version with plugin");
    assertRefused("1|1|udp|127.0.0.1:1|grpc", "unknown address type 'udp'");
    assertRefused("1|1|tcp|127.0.0.1:1", "speaks 'netrpc'");
    assertRefused("1|1|tcp|127.0.0.1:1|netrpc", "only grpc plug-ins");
    assertRefused("1|1|tcp|nowhere|grpc", "bad address 'nowhere'");
  }

  private static void assertRefused(String line, String expected) {
    String message =
        assertThrows(IllegalArgumentException.class, () -> Handshake.parse(line)).getMessage();
    assertTrue(message.contains(expected), message);
  }
}
