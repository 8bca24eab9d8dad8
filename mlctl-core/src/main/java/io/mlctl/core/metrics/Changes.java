package io.mlctl.core.metrics;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Compares flattened values file by file and key by key. Stateless. */
public final class Changes {
  private Changes() {}

  /**
   * The changes between two sets of files, in the order the files and keys first appear.
   *
   * @param all also list keys whose value did not change
   * @return file to key to change; a file with nothing to list is left out
   */
  public static Map<String, Map<String, Change>> between(Map<String, Map<String, Object>> a,
      Map<String, Map<String, Object>> b, boolean all) {
    Set<String> files = new LinkedHashSet<>(a.keySet());
    files.addAll(b.keySet());
    Map<String, Map<String, Change>> out = new LinkedHashMap<>();
    for (String f : files) {
      Map<String, Change> keys = of(a.getOrDefault(f, Map.of()), b.getOrDefault(f, Map.of()), all);
      if (!keys.isEmpty()) {
        out.put(f, keys);
      }
    }
    return out;
  }

  /** The changes between two flat maps. */
  public static Map<String, Change> of(Map<String, Object> a, Map<String, Object> b, boolean all) {
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    Map<String, Change> out = new LinkedHashMap<>();
    for (String k : keys) {
      Change c = Change.of(a.get(k), b.get(k));
      if (all || !c.unchanged() || a.containsKey(k) != b.containsKey(k)) {
        out.put(k, c);
      }
    }
    return out;
  }
}
