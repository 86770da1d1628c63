package io.k6bridge.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringTest {
  private static final String TRICKY = "a\"b\\c\b\f\n\r\t\u0001<>&\u2028\u2029é😀";

  @Test
  void goWithoutHtmlEscaping() {
    assertEquals(
        "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001<>&\\u2028\\u2029é😀\"", JsonString.GO.quote(TRICKY));
  }

  @Test
  void goDefaultEscapesHtmlCharacters() {
    assertEquals(
        "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u003c\\u003e\\u0026\\u2028\\u2029é😀\"",
        JsonString.GO_HTML_SAFE.quote(TRICKY));
  }

  @Test
  void javascriptLeavesLineSeparatorsLiteral() {
    assertEquals(
        "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001<>&\u2028\u2029é😀\"",
        JsonString.JAVASCRIPT.quote(TRICKY));
  }

  @Test
  void loneSurrogates() {
    String lone = "x\ud800y";
    assertEquals("\"x\\ufffdy\"", JsonString.GO.quote(lone), "Go: invalid UTF-8 becomes U+FFFD");
    assertEquals("\"x\\ud800y\"", JsonString.JAVASCRIPT.quote(lone), "JSON.stringify escapes it");
  }
}
