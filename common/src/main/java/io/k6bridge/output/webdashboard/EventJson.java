package io.k6bridge.output.webdashboard;

import io.k6bridge.output.text.GoFloat;
import io.k6bridge.output.text.TextBuffer;
import io.k6bridge.text.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Event payloads as Go's {@code json.Marshal} writes them, which is what k6's dashboard sends:
 * numbers in Go's shortest form, and strings HTML-escaped ({@code <} is {@code \u003c}), so a
 * threshold such as {@code p(95)<500} reads {@code "p(95)\u003c500"} on the wire exactly as in k6.
 * Maps are passed in already sorted by key, as Go sorts them.
 */
final class EventJson {
  private final TextBuffer out = new TextBuffer(256);

  EventJson raw(String ascii) {
    out.appendAscii(ascii);
    return this;
  }

  EventJson number(double v) {
    if (Double.isFinite(v)) {
      GoFloat.appendJson(out, v);
    } else {
      out.appendAscii("null"); // k6 would fail to encode the whole event; a gap is kinder
    }
    return this;
  }

  EventJson number(long v) {
    out.appendLong(v);
    return this;
  }

  EventJson string(String s) {
    out.appendUtf8(JsonString.GO_HTML_SAFE.quote(s));
    return this;
  }

  /** {@code {"k":["a","b"],…}} with keys in the map's iteration order. */
  EventJson stringLists(Map<String, List<String>> map) {
    out.append((byte) '{');
    boolean first = true;
    for (Map.Entry<String, List<String>> e : map.entrySet()) {
      if (!first) {
        out.append((byte) ',');
      }
      first = false;
      string(e.getKey()).raw(":");
      strings(e.getValue());
    }
    out.append((byte) '}');
    return this;
  }

  EventJson strings(List<String> list) {
    out.append((byte) '[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append((byte) ',');
      }
      string(list.get(i));
    }
    out.append((byte) ']');
    return this;
  }

  byte[] toBytes() {
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }
}
