package io.k6bridge.threshold;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.TagSet;
import java.util.Objects;

/**
 * A metric restricted to samples carrying some tags, such as {@code http_req_duration{status:200}}
 * or {@code http_reqs{group:::login}} (k6's {@code Submetric}). A sample belongs to it when its
 * tags contain every one of the submetric's tags with the same value.
 */
public final class Submetric {
  private final Metric parent;
  private final String suffix;
  private final TagSet tags;

  private Submetric(Metric parent, String suffix, TagSet tags) {
    this.parent = parent;
    this.suffix = suffix;
    this.tags = tags;
  }

  /**
   * k6's Metric.AddSubmetric: {@code keyValues} is "key:value,key2:value2"; keys and values are
   * trimmed of spaces and quotes, and a key without a value matches the empty value.
   */
  public static Submetric of(Metric parent, String keyValues) {
    String suffix = keyValues.trim();
    if (suffix.isEmpty()) {
      throw new IllegalArgumentException(
          "submetric criteria for metric '" + parent.name() + "' cannot be empty");
    }
    return new Submetric(parent, suffix, parseTags(suffix));
  }

  /** k6's parsing of "key:value,key2:value2": spaces and quotes trimmed, a missing value is "". */
  public static TagSet parseTags(String keyValues) {
    TagSet.Builder tags = TagSet.builder();
    for (String kv : keyValues.split(",", -1)) {
      if (kv.isEmpty()) {
        continue;
      }
      int colon = kv.indexOf(':');
      String key = trimQuotes(colon < 0 ? kv : kv.substring(0, colon));
      String value = colon < 0 ? "" : kv.substring(colon + 1);
      tags.put(key, value.isEmpty() ? "" : trimQuotes(value));
    }
    return tags.build();
  }

  private static String trimQuotes(String s) {
    String t = s.trim();
    int start = 0;
    int end = t.length();
    while (start < end && (t.charAt(start) == '"' || t.charAt(start) == '\'')) {
      start++;
    }
    while (end > start && (t.charAt(end - 1) == '"' || t.charAt(end - 1) == '\'')) {
      end--;
    }
    return t.substring(start, end);
  }

  public Metric parent() {
    return parent;
  }

  /** The definition as written, trimmed: "status:200". */
  public String suffix() {
    return suffix;
  }

  public TagSet tags() {
    return tags;
  }

  /** "http_req_duration{status:200}": the name the summary and its JSON files use. */
  public String name() {
    return parent.name() + "{" + suffix + "}";
  }

  /** Whether a sample with {@code sampleTags} belongs to this submetric. */
  public boolean matches(TagSet sampleTags) {
    for (int i = 0; i < tags.size(); i++) {
      if (!tags.value(i).equals(sampleTags.get(tags.key(i)))) {
        return false;
      }
    }
    return true;
  }

  /** Same parent and same tags: k6 treats two such definitions as one submetric. */
  boolean sameAs(Submetric other) {
    return parent == other.parent && tags == other.tags;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Submetric && sameAs((Submetric) o);
  }

  @Override
  public int hashCode() {
    return Objects.hash(parent.name(), tags);
  }

  @Override
  public String toString() {
    return name();
  }
}
