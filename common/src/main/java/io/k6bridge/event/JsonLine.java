package io.k6bridge.event;

import io.k6bridge.text.JsonString;
import java.util.List;
import java.util.Map;

/**
 * One compact JSON object on one line, for log shippers: strings, numbers, booleans, nulls, lists
 * and maps (keys in the map's order). Control characters and U+2028/9 are escaped, so a line never
 * breaks.
 */
final class JsonLine {
  private JsonLine() {}

  static String of(Map<String, ?> object) {
    StringBuilder b = new StringBuilder(256);
    write(b, object);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String) {
      JsonString.GO.appendTo(b, (String) v);
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      b.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Number) {
      b.append(((Number) v).longValue());
    } else if (v instanceof Map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        JsonString.GO.appendTo(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List) {
      b.append('[');
      List<?> l = (List<?>) v;
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(b, l.get(i));
      }
      b.append(']');
    } else {
      JsonString.GO.appendTo(b, v.toString());
    }
  }
}
