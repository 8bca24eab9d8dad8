package io.mlctl.core.registry;

import java.util.Map;
import java.util.TreeMap;

/** Nested metrics flattened to {@code a.b.c -> number}, as gates and the metrics commands name them. */
public final class Flatten {
  private Flatten() {}

  public static Map<String, Double> numbers(Map<String, ?> nested) {
    Map<String, Double> out = new TreeMap<>();
    walk("", nested, out);
    return out;
  }

  private static void walk(String prefix, Object node, Map<String, Double> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        walk(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node instanceof Number n) {
      out.put(prefix, n.doubleValue());
    }
  }
}
