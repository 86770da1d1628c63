package io.k6bridge.metrics;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * An immutable, interned set of tags with keys sorted byte-wise (the order every k6 file format
 * uses). Interning makes equal tag sets the same instance, so series lookups and comparisons are
 * identity checks after the first build. The interning table holds its sets weakly: a set nobody
 * uses any more (a folded unique URL, an ended run's series) is collected, and an equal set built
 * later becomes the one instance.
 *
 * <p>Keys and values are valid Unicode: a lone UTF-16 surrogate (half of a pair, as a label cut in
 * the middle of an emoji has) is replaced by U+FFFD when the set is built, so every output encodes
 * the same text and no encoder meets a string it cannot encode.
 */
public final class TagSet {
  private static final Map<TagSet, WeakReference<TagSet>> INTERNED = new WeakHashMap<>();

  /**
   * UTF-8 byte order, which is code point order: how Go compares strings. Java's natural String
   * order compares UTF-16 units and so puts supplementary characters (emoji) before U+E000..U+FFFF.
   */
  private static final Comparator<String> UTF8_ORDER = TagSet::compareCodePoints;

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
    synchronized (INTERNED) {
      WeakReference<TagSet> ref = INTERNED.get(candidate);
      TagSet existing = ref == null ? null : ref.get();
      if (existing != null) {
        return existing;
      }
      INTERNED.put(candidate, new WeakReference<>(candidate));
      return candidate;
    }
  }

  /** {@code s} with every lone surrogate replaced by U+FFFD; {@code s} itself when it has none. */
  static String wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          return replaceLoneSurrogates(s);
        }
        i++;
      }
    }
    return s;
  }

  private static String replaceLoneSurrogates(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  public static TagSet of(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> sorted = new TreeMap<>(UTF8_ORDER);
    tags.forEach((k, v) -> sorted.put(wellFormed(k), wellFormed(v)));
    return intern(
        new TagSet(sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0])));
  }

  public static Builder builder() {
    return new Builder(new TreeMap<>(UTF8_ORDER));
  }

  /** A builder that starts from these tags. */
  public Builder toBuilder() {
    TreeMap<String, String> m = new TreeMap<>(UTF8_ORDER);
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
    int i = Arrays.binarySearch(keys, key, UTF8_ORDER);
    return i >= 0 ? values[i] : null;
  }

  /** The tags as a map iterating in key order. */
  public Map<String, String> asMap() {
    TreeMap<String, String> m = new TreeMap<>(UTF8_ORDER);
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], values[i]);
    }
    return m;
  }

  private static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return surrogatesLast(x) - surrogatesLast(y);
      }
    }
    return a.length() - b.length();
  }

  /** Surrogates encode code points above U+FFFF, so they sort after every other UTF-16 unit. */
  private static int surrogatesLast(char c) {
    return Character.isSurrogate(c) ? c + 0x10000 : c;
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
    return hash == other.hash
        && Arrays.equals(keys, other.keys)
        && Arrays.equals(values, other.values);
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
        throw new IllegalArgumentException(
            "tag key and value must not be null: " + key + "=" + value);
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
