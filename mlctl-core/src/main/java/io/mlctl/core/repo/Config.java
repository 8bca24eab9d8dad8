package io.mlctl.core.repo;

import io.mlctl.core.BadInputException;
import io.mlctl.core.MlctlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The project's settings: {@code .mlctl/config.yaml} (committed) overlaid by
 * {@code .mlctl/config.local.yaml} (machine-local, git-ignored). Immutable; {@link #with} and
 * {@link #without} return changed copies of one of the two layers.
 */
public final class Config {
  private final Map<String, Object> shared;
  private final Map<String, Object> local;

  Config(Map<String, Object> shared, Map<String, Object> local) {
    this.shared = Collections.unmodifiableMap(flatten(shared, "config.yaml"));
    this.local = Collections.unmodifiableMap(flatten(local, "config.local.yaml"));
  }

  /** The settings of a project with nothing set. */
  public static Config empty() {
    return new Config(Map.of(), Map.of());
  }

  /** The value in force: local over shared over the key's default. */
  public Optional<Object> get(String key) {
    ConfigKey k = ConfigKey.of(key);
    Object v = local.containsKey(key) ? local.get(key) : shared.get(key);
    return v != null ? Optional.of(v) : k.defaultValue();
  }

  /** Whether the key is set in either file (as opposed to falling back to its default). */
  public boolean isSet(String key) {
    ConfigKey.of(key);
    return local.containsKey(key) || shared.containsKey(key);
  }

  public boolean getBoolean(ConfigKey key) {
    return (Boolean) get(key.pattern()).orElse(false);
  }

  public long getLong(ConfigKey key) {
    return ((Number) get(key.pattern()).orElse(0L)).longValue();
  }

  @SuppressWarnings("unchecked")
  public List<String> getList(ConfigKey key) {
    return (List<String>) get(key.pattern()).orElse(List.of());
  }

  /** The value set in one file: {@code config.local.yaml} or {@code config.yaml}. */
  public Optional<Object> getIn(String key, boolean inLocal) {
    ConfigKey.of(key);
    return Optional.ofNullable((inLocal ? local : shared).get(key));
  }

  /** Every key set in either file with the value in force, sorted by key. */
  public Map<String, Object> entries() {
    Map<String, Object> all = new TreeMap<>(shared);
    all.putAll(local);
    return all;
  }

  /** The names of the remotes configured, sorted. */
  public List<String> remoteNames() {
    List<String> names = new ArrayList<>();
    for (String key : entries().keySet()) {
      if (key.startsWith("remote.") && key.endsWith(".url")) {
        names.add(key.substring("remote.".length(), key.length() - ".url".length()));
      }
    }
    return names;
  }

  Config with(String key, Object value, boolean inLocal) {
    Map<String, Object> layer = new LinkedHashMap<>(inLocal ? local : shared);
    layer.put(key, value);
    return inLocal ? new Config(shared, layer) : new Config(layer, local);
  }

  Config without(String key, boolean inLocal) {
    Map<String, Object> layer = new LinkedHashMap<>(inLocal ? local : shared);
    layer.remove(key);
    return inLocal ? new Config(shared, layer) : new Config(layer, local);
  }

  Map<String, Object> layer(boolean inLocal) {
    return inLocal ? local : shared;
  }

  /** Nested maps as YAML holds them, from flat dotted keys. */
  static Map<String, Object> nest(Map<String, Object> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : new TreeMap<>(flat).entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], p -> new LinkedHashMap<>());
        node = child;
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  /** Flat dotted keys from the nested maps YAML gives, each checked against the known keys. */
  private static Map<String, Object> flatten(Map<String, Object> nested, String file) {
    Map<String, Object> out = new LinkedHashMap<>();
    flattenInto(out, "", nested, file);
    return out;
  }

  private static void flattenInto(Map<String, Object> out, String prefix, Map<?, ?> node, String file) {
    for (Map.Entry<?, ?> e : node.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> child && ConfigKey.find(key).isEmpty()) {
        flattenInto(out, key + ".", child, file);
        continue;
      }
      if (e.getValue() == null && !prefix.isEmpty() && out.containsKey(key)) {
        continue;
      }
      try {
        ConfigKey k = ConfigKey.of(key);
        out.put(key, k.normalise(key, e.getValue()));
      } catch (MlctlException bad) {
        throw new BadInputException(".mlctl/" + file + ": " + bad.getMessage(), bad.hint().orElse(null));
      }
    }
  }
}
