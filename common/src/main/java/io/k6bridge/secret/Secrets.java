package io.k6bridge.secret;

import io.k6bridge.text.JsonString;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The run's secrets in every form they are sent (a password, a token, the base64 of {@code
 * user:pass}, whole header values), so that any text on its way to a log, an event, the console or
 * an exception message can be masked: a receiver that echoes our {@code Authorization} header back
 * in its error must not put it in {@code jmeter.log}.
 *
 * <p>Thread-safe; forms are added while outputs are built, before load, and read by every thread
 * that reports trouble.
 */
public final class Secrets {
  /** What a masked secret reads as. */
  public static final String MASK = "<redacted>";

  /** Longest first, so that a form containing another is masked whole. */
  private final List<String> forms = new CopyOnWriteArrayList<>();

  /** Adds a secret in the form it is sent; null and empty values are ignored. */
  public void add(String form) {
    if (form == null || form.isEmpty() || forms.contains(form)) {
      return;
    }
    String quoted = JsonString.GO.quote(form);
    for (String f : List.of(form, quoted.substring(1, quoted.length() - 1))) {
      if (!forms.contains(f)) {
        forms.add(f);
      }
    }
    forms.sort(Comparator.comparingInt(String::length).reversed());
  }

  /** {@code text} with every known secret replaced by {@link #MASK}; null stays null. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String f : forms) {
      if (out.contains(f)) {
        out = out.replace(f, MASK);
      }
    }
    return out;
  }

  /**
   * Text from outside (a receiver's answer, a plug-in's message) made safe to log: at most {@code
   * maxChars} characters, secrets masked, and control characters (line breaks and terminal escapes
   * among them) shown as {@code \xNN} so they can neither forge log lines nor drive a terminal.
   */
  public String foreign(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    String masked = mask(text); // before cutting, so a cut never leaves part of a secret
    int n = Math.min(masked.length(), maxChars);
    StringBuilder b = new StringBuilder(n + 8);
    for (int i = 0; i < n; i++) {
      char c = masked.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        b.append(String.format("\\x%02x", (int) c));
      } else if (c == '\u2028' || c == '\u2029') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return masked.length() > maxChars ? b.append("...").toString() : b.toString();
  }
}
