package io.k6bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class K6ErrorCodeTest {
  @Test
  void fullyQualifiedClassNames() {
    assertEquals(1212, K6ErrorCode.forException("java.net.ConnectException", "Connection refused"));
    assertEquals(
        1212, K6ErrorCode.forException("org.apache.http.conn.HttpHostConnectException", null));
    assertEquals(1101, K6ErrorCode.forException("java.net.UnknownHostException", "nohost"));
    assertEquals(
        1211, K6ErrorCode.forException("org.apache.http.conn.ConnectTimeoutException", null));
    assertEquals(
        1211, K6ErrorCode.forException("java.net.SocketTimeoutException", "connect timed out"));
    assertEquals(
        1050, K6ErrorCode.forException("java.net.SocketTimeoutException", "Read timed out"));
    assertEquals(1210, K6ErrorCode.forException("java.net.NoRouteToHostException", null));
    assertEquals(1220, K6ErrorCode.forException("java.net.SocketException", "Connection reset"));
    assertEquals(
        1201, K6ErrorCode.forException("java.net.SocketException", "Broken pipe (Write failed)"));
    assertEquals(1200, K6ErrorCode.forException("java.net.SocketException", "Socket closed"));
    assertEquals(1311, K6ErrorCode.forException("javax.net.ssl.SSLPeerUnverifiedException", null));
    assertEquals(
        1310,
        K6ErrorCode.forException(
            "javax.net.ssl.SSLHandshakeException", "PKIX path building failed"));
    assertEquals(
        1300, K6ErrorCode.forException("javax.net.ssl.SSLException", "Unrecognized SSL message"));
    assertEquals(1000, K6ErrorCode.forException("org.apache.http.NoHttpResponseException", null));
    assertEquals(1000, K6ErrorCode.forException(null, null));
  }

  @Test
  void abbreviatedPackagesAsGatlingWritesThem() {
    assertEquals(1212, K6ErrorCode.forException("j.n.ConnectException", null));
    assertEquals(
        1212, K6ErrorCode.forException("i.n.c.AbstractChannel$AnnotatedConnectException", null));
    assertEquals(1211, K6ErrorCode.forException("i.n.c.ConnectTimeoutException", null));
    assertEquals(
        1220,
        K6ErrorCode.forException(
            "i.n.c.u.Errors$NativeIoException",
            "recvAddress(..) failed: Connection reset by peer"));
    assertEquals(
        1300, K6ErrorCode.forException("j.n.s.SSLHandshakeException", "handshake_failure"));
    assertEquals(1300, K6ErrorCode.forException("i.n.h.s.NotSslRecordException", null));
  }

  @Test
  void matchesWholeNamesOnly() {
    assertEquals(1000, K6ErrorCode.forException("java.net.ConnectExceptionX", null));
    assertEquals(1000, K6ErrorCode.forException("x.java.net.ConnectException", null));
    assertEquals(1000, K6ErrorCode.forException("ConnectException", null));
    assertEquals(1000, K6ErrorCode.forException("ja.net.ConnectException", null));
    assertEquals(1000, K6ErrorCode.forException("javax.net.ssl.impl.Foo", null));
    assertEquals(1000, K6ErrorCode.forException("javax.net.ssl.", null));
  }

  @Test
  void regionOfALongerString() {
    String jmeter = "Non HTTP response code: java.net.ConnectException ";
    assertEquals(1212, K6ErrorCode.forException(jmeter, 24, jmeter.length(), null));
    String gatling = "j.n.ConnectException: finishConnect(..) failed: Connection refused";
    assertEquals(1212, K6ErrorCode.forException(gatling, 0, gatling.indexOf(':'), gatling));
  }

  @Test
  void textsAreK6s() {
    assertEquals("dial: connection refused", K6ErrorCode.text(1212));
    assertEquals("request timeout", K6ErrorCode.text(1050));
    assertEquals("x509: certificate doesn't match hostname", K6ErrorCode.text(1311));
    assertNull(K6ErrorCode.text(K6ErrorCode.DEFAULT));
    assertNull(K6ErrorCode.text(1404));
  }

  @Test
  void theErrorTagIsK6sTextElseTheExceptionsSimpleName() {
    assertEquals("dial: connection refused", K6ErrorCode.errorTag(1212, "java.net.Whatever"));
    assertEquals(
        "NoHttpResponseException",
        K6ErrorCode.errorTag(K6ErrorCode.DEFAULT, " org.apache.http.NoHttpResponseException"));
    assertEquals("Plain", K6ErrorCode.errorTag(K6ErrorCode.DEFAULT, "Plain"));
    assertEquals("no response", K6ErrorCode.errorTag(K6ErrorCode.DEFAULT, null));
  }
}
