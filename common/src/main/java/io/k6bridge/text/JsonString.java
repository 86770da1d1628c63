package io.k6bridge.text;

/**
 * JSON string literals exactly as the k6 code that writes each format produces them: Go's
 * encoding/json (with or without its HTML escaping) for k6's JSON output, web-dashboard events and
 * threshold records, and JavaScript's JSON.stringify for the summary files. The styles differ only
 * in which characters they escape, and a k6 consumer comparing bytes sees the difference.
 */
public enum JsonString {
  /** Go's encoding/json with HTML escaping off (k6's json output, thresholds, event logs). */
  GO(false, true),
  /** Go's encoding/json default: also {@code < > &} as {@code \u003c \u003e \u0026} (k6's SSE). */
  GO_HTML_SAFE(true, true),
  /** JavaScript's JSON.stringify (k6's summary.js): U+2028/9 literal, lone surrogates escaped. */
  JAVASCRIPT(false, false);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final boolean html;
  private final boolean go;

  JsonString(boolean html, boolean go) {
    this.html = html;
    this.go = go;
  }

  /** {@code s} as a quoted JSON string. */
  public String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    appendTo(b, s);
    return b.toString();
  }

  /** Appends {@code s} as a quoted JSON string. */
  public void appendTo(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
        case '\\':
          b.append('\\').append(c);
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          i = appendOther(b, s, i, c);
      }
    }
    b.append('"');
  }

  /** Everything but the letter escapes; returns the index of the last char consumed. */
  private int appendOther(StringBuilder b, String s, int i, char c) {
    if (c < 0x20 || (html && (c == '<' || c == '>' || c == '&'))) {
      unicodeEscape(b, c);
    } else if (go && (c == '\u2028' || c == '\u2029')) {
      unicodeEscape(b, c);
    } else if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      b.append(c).append(s.charAt(i + 1));
      return i + 1;
    } else if (Character.isSurrogate(c)) {
      // A lone surrogate: Go sees invalid UTF-8 and writes U+FFFD; JavaScript escapes it.
      unicodeEscape(b, go ? '\ufffd' : c);
    } else {
      b.append(c);
    }
    return i;
  }

  private static void unicodeEscape(StringBuilder b, char c) {
    b.append("\\u")
        .append(HEX[c >> 12])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
