package io.k6bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HttpStatusTest {
  @Test
  void digitsAreTheStatus() {
    assertEquals(200, HttpStatus.parse("200"));
    assertEquals(404, HttpStatus.parse("404"));
    assertEquals(7, HttpStatus.parse("007"));
  }

  @Test
  void anythingButAnHttpResponseIsZero() {
    assertEquals(0, HttpStatus.parse(null));
    assertEquals(0, HttpStatus.parse(""));
    assertEquals(0, HttpStatus.parse("Non HTTP response code: java.net.ConnectException"));
    assertEquals(0, HttpStatus.parse("20x"));
    assertEquals(0, HttpStatus.parse("-1"));
  }
}
