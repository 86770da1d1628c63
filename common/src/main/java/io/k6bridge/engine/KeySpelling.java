package io.k6bridge.engine;

import io.k6bridge.config.Config;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds settings that are probably misspelled: a {@code K6BRIDGE_} name nobody reads, or a {@code
 * K6_} name a letter or two away from one that is read. A misspelled key is otherwise silently
 * ignored, and the run goes on with the default the user meant to change. Other unknown {@code K6_}
 * names are left alone: they may be k6 options a JMeter or Gatling run has no use for.
 */
public final class KeySpelling {
  private static final String OURS = "K6BRIDGE_";

  private KeySpelling() {}

  /**
   * One warning per suspicious name set in {@code config}, naming its source and the closest known
   * key.
   *
   * @param known every key read by the engine, the outputs and the adapter
   * @param prefixes families of keys read by prefix (one key per header)
   */
  public static List<String> warnings(
      Config config, Collection<String> known, Collection<String> prefixes) {
    List<String> out = new ArrayList<>();
    for (String name : config.withPrefix("K6").keySet()) {
      if (known.contains(name)
          || prefixes.stream().anyMatch(name::startsWith)
          || !(name.startsWith("K6_") || name.startsWith(OURS))) {
        continue;
      }
      String closest = null;
      int best = Integer.MAX_VALUE;
      for (String k : known) {
        int d = distance(name, k);
        if (d < best) {
          best = d;
          closest = k;
        }
      }
      if (name.startsWith(OURS)) {
        boolean near = closest != null && best <= Math.max(2, name.length() / 8);
        out.add(
            "unknown setting "
                + name
                + " from "
                + config.sourceOf(name)
                + " is ignored"
                + (near
                    ? ": did you mean " + closest + "?"
                    : ": no k6bridge setting has that name"));
      } else if (closest != null && best <= Math.max(1, name.length() / 10)) {
        // Stricter: short k6 options (K6_VUS) are a letter or two from ours (K6_OUT).
        out.add(
            "unknown setting "
                + name
                + " from "
                + config.sourceOf(name)
                + " is ignored: did you mean "
                + closest
                + "?");
      }
    }
    return out;
  }

  /** Levenshtein distance: insertions, deletions and substitutions each count one. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
