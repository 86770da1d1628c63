package io.k6bridge.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Resolved configuration: named layers, lowest precedence first (for JMeter: listener parameters,
 * environment, JMeter properties; defaults come from each {@link ConfigKey}). Immutable.
 */
public final class Config {
  private final List<Layer> layers;

  private Config(List<Layer> layers) {
    this.layers = layers;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Only defaults: handy for tests and embedded use. */
  public static Config defaults() {
    return builder().build();
  }

  /** The parsed value of {@code key}, or its parsed default; null when unset with no default. */
  public <T> T get(ConfigKey<T> key) {
    Layer from = layerOf(key.name());
    String raw = from != null ? from.values.get(key.name()) : key.defaultValue();
    if (raw == null) {
      return null;
    }
    try {
      return key.parse(raw);
    } catch (RuntimeException e) {
      String source = from != null ? from.name : "the default";
      throw ConfigException.invalid(key, raw, source, e.getMessage());
    }
  }

  /** The raw value set for {@code name} by the highest layer that sets it, or null. */
  public String raw(String name) {
    Layer l = layerOf(name);
    return l == null ? null : l.values.get(name);
  }

  /** Where the value of {@code name} comes from ("environment", ...), or "the default". */
  public String sourceOf(String name) {
    Layer l = layerOf(name);
    return l == null ? "the default" : l.name;
  }

  /** Every set key starting with {@code prefix}, resolved across layers, sorted by name. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    for (Layer l : layers) {
      l.values.forEach(
          (k, v) -> {
            if (k.startsWith(prefix)) {
              out.put(k, v);
            }
          });
    }
    return out;
  }

  /** A config whose given keys override this one's (for output arguments such as csv=...). */
  public Config overriddenBy(String layerName, Map<String, String> values) {
    List<Layer> l = new ArrayList<>(layers);
    l.add(new Layer(layerName, values));
    return new Config(Collections.unmodifiableList(l));
  }

  private Layer layerOf(String name) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer l = layers.get(i);
      if (l.values.containsKey(name)) {
        return l;
      }
    }
    return null;
  }

  private static final class Layer {
    final String name;
    final Map<String, String> values;

    Layer(String name, Map<String, String> values) {
      this.name = name;
      this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /** Adds layers from lowest to highest precedence. */
  public static final class Builder {
    private final List<Layer> layers = new ArrayList<>();

    /**
     * Adds a layer; entries with blank values are ignored so that an empty GUI field means "not
     * set" rather than "set to nothing".
     */
    public Builder layer(String name, Map<String, String> values) {
      Map<String, String> kept = new LinkedHashMap<>();
      values.forEach(
          (k, v) -> {
            if (k != null && v != null && !v.trim().isEmpty()) {
              kept.put(k.trim(), v.trim());
            }
          });
      layers.add(new Layer(name, kept));
      return this;
    }

    /**
     * Adds a layer of the entries of a shared namespace (the environment, a tool's properties)
     * whose names start with {@code K6_} or {@code K6BRIDGE_}: unrelated settings never leak in,
     * and prefixed families (an output's per-header keys) still pass. A null map is an empty layer.
     */
    public Builder prefixedLayer(String name, Map<String, String> values) {
      Map<String, String> kept = new LinkedHashMap<>();
      if (values != null) {
        values.forEach(
            (k, v) -> {
              if (k != null && (k.startsWith("K6_") || k.startsWith("K6BRIDGE_"))) {
                kept.put(k, v);
              }
            });
      }
      return layer(name, kept);
    }

    /** {@link #prefixedLayer(String, Map)} for properties (string-valued entries only). */
    public Builder prefixedLayer(String name, Properties values) {
      Map<String, String> all = new LinkedHashMap<>();
      if (values != null) {
        for (String k : values.stringPropertyNames()) {
          all.put(k, values.getProperty(k));
        }
      }
      return prefixedLayer(name, all);
    }

    public Config build() {
      return new Config(Collections.unmodifiableList(new ArrayList<>(layers)));
    }
  }
}
