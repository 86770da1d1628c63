package io.k6bridge.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of K6_OUT: an output name and its argument. k6 splits K6_OUT on commas; so that {@code
 * csv=fileName=a.csv,saveInterval=2s} still works, a piece that looks like {@code key=value} whose
 * key is not a known output continues the previous entry's argument. That decision needs the known
 * names, so it is made by {@link #join}.
 */
public final class OutputSpec {
  private final String name;
  private final String argument;

  public OutputSpec(String name, String argument) {
    this.name = Objects.requireNonNull(name);
    this.argument = Objects.requireNonNull(argument);
  }

  public String name() {
    return name;
  }

  public String argument() {
    return argument;
  }

  /** Splits on commas into raw pieces; {@link #join} regroups them once names are known. */
  static List<OutputSpec> parseList(String text) {
    List<OutputSpec> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      out.add(
          eq < 0
              ? new OutputSpec(p, "")
              : new OutputSpec(p.substring(0, eq).trim(), p.substring(eq + 1)));
    }
    return out;
  }

  /**
   * Regroups raw pieces: a piece with an argument whose name is not a known output is appended to
   * the previous entry's argument. Unknown names with no previous entry are left for the caller to
   * reject.
   */
  static List<OutputSpec> join(List<OutputSpec> pieces, java.util.Set<String> known) {
    List<OutputSpec> out = new ArrayList<>();
    for (OutputSpec p : pieces) {
      boolean continuation = !known.contains(p.name) && !p.argument.isEmpty() && !out.isEmpty();
      if (continuation) {
        OutputSpec prev = out.remove(out.size() - 1);
        out.add(new OutputSpec(prev.name, prev.argument + "," + p.name + "=" + p.argument));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return argument.isEmpty() ? name : name + "=" + argument;
  }
}
