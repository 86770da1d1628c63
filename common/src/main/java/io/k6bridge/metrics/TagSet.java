package io.k6bridge.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable, interned set of tags with keys sorted byte-wise (the order every k6 file format
 * uses). Interning makes equal tag sets the same instance, so series lookups and comparisons are
 * identity checks after the first build.
 */
public final class TagSet {
  private static final ConcurrentHashMap<TagSet, TagSet> INTERNED = new ConcurrentHashMap<>();

  public static final TagSet EMPTY = intern(new TagSet(new String[0], new String[0]));

  private final String[] keys;
  private final String[] values;
  private final int hash;

  private TagSet(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
    this.hash = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  private static TagSet intern(TagSet candidate) {
    TagSet existing = INTERNED.putIfAbsent(candidate, candidate);
    return existing == null ? candidate : existing;
  }

  public static TagSet of(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> sorted = new TreeMap<>(tags);
    return intern(
        new TagSet(sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0])));
  }

  public static Builder builder() {
    return new Builder(new TreeMap<>());
  }

  /** A builder that starts from these tags. */
  public Builder toBuilder() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], values[i]);
    }
    return new Builder(m);
  }

  /** These tags plus (or overriding) one more. */
  public TagSet with(String key, String value) {
    return toBuilder().put(key, value).build();
  }

  public int size() {
    return keys.length;
  }

  public String key(int i) {
    return keys[i];
  }

  public String value(int i) {
    return values[i];
  }

  /** The tag's value, or null when absent. */
  public String get(String key) {
    int i = Arrays.binarySearch(keys, key);
    return i >= 0 ? values[i] : null;
  }

  public Map<String, String> asMap() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], values[i]);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TagSet)) {
      return false;
    }
    TagSet other = (TagSet) o;
    return hash == other.hash && Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  /** Collects tags; {@link #build()} returns the interned set. Null values are rejected. */
  public static final class Builder {
    private final TreeMap<String, String> tags;

    private Builder(TreeMap<String, String> tags) {
      this.tags = tags;
    }

    public Builder put(String key, String value) {
      if (key == null || value == null) {
        throw new IllegalArgumentException("tag key and value must not be null: " + key + "=" + value);
      }
      tags.put(key, value);
      return this;
    }

    public Builder putAll(TagSet other) {
      for (int i = 0; i < other.size(); i++) {
        tags.put(other.key(i), other.value(i));
      }
      return this;
    }

    public Builder remove(String key) {
      tags.remove(key);
      return this;
    }

    public TagSet build() {
      return of(tags);
    }
  }
}
