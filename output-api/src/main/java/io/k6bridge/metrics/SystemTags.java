package io.k6bridge.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The system tags enabled for a run (k6's {@code systemTags} option). Adapters attach only enabled
 * tags; the CSV output derives its columns from them.
 */
public final class SystemTags {
  /** Every system tag k6 knows (metrics/system_tag.go). */
  public static final List<String> ALL =
      List.of(
          "proto",
          "subproto",
          "status",
          "method",
          "url",
          "name",
          "group",
          "check",
          "error",
          "error_code",
          "tls_version",
          "scenario",
          "service",
          "expected_response",
          "vu",
          "iter",
          "ocsp_status",
          "ip");

  /** k6's defaults: everything but vu, iter, ocsp_status and ip. */
  public static final SystemTags DEFAULT =
      new SystemTags(
          new TreeSet<>(
              Arrays.asList(
                  "proto",
                  "subproto",
                  "status",
                  "method",
                  "url",
                  "name",
                  "group",
                  "check",
                  "error",
                  "error_code",
                  "tls_version",
                  "scenario",
                  "service",
                  "expected_response")));

  // vu and iter are not indexable in k6: they are metadata, never CSV columns.
  private static final Set<String> NON_INDEXABLE = Set.of("vu", "iter");

  private final TreeSet<String> enabled;

  private SystemTags(TreeSet<String> enabled) {
    this.enabled = enabled;
  }

  /** Parses k6's comma-separated list; an unknown name is rejected with the accepted names. */
  public static SystemTags parse(String list) {
    TreeSet<String> tags = new TreeSet<>();
    for (String part : list.split(",")) {
      String t = part.trim().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        continue;
      }
      if (!ALL.contains(t)) {
        throw new IllegalArgumentException("unknown system tag '" + t + "'");
      }
      tags.add(t);
    }
    return new SystemTags(tags);
  }

  public boolean has(String tag) {
    return enabled.contains(tag);
  }

  /**
   * Adds {@code tag} to {@code tags} only when it is enabled, as k6 leaves disabled system tags out
   * of every sample; a null value is k6's empty tag.
   */
  public void put(TagSet.Builder tags, String tag, String value) {
    if (has(tag)) {
      tags.put(tag, value == null ? "" : value);
    }
  }

  /** Enabled tags that can be CSV columns, sorted (k6's csv output header order). */
  public List<String> indexable() {
    TreeSet<String> out = new TreeSet<>(enabled);
    out.removeAll(NON_INDEXABLE);
    return List.copyOf(out);
  }

  public Set<String> enabled() {
    return Collections.unmodifiableSet(enabled);
  }
}
