package io.mlctl.core.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a parsed JSON or YAML document into {@code a.b.c} keys, in document order. Stateless.
 *
 * <p>A table that is not one value per key is skipped rather than refused: a confusion matrix
 * ({@code {"labels": [...], "matrix": [[...]]}}) or a list of objects has no single value to
 * compare, and the plots page draws the matrix instead. A list of plain values is kept whole.
 */
public final class Flatten {
  private Flatten() {}

  /** Every scalar leaf (number, string, boolean, null) and every list of scalars. */
  public static Map<String, Object> all(Map<?, ?> doc) {
    Map<String, Object> out = new LinkedHashMap<>();
    walk("", doc, out);
    return out;
  }

  /** The numeric leaves only (booleans are not numbers), as metrics are compared. */
  public static Map<String, Object> numbers(Map<?, ?> doc) {
    Map<String, Object> out = new LinkedHashMap<>();
    all(doc).forEach((k, v) -> {
      if (v instanceof Number) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Whether a value is the confusion-matrix shape the models' metrics files use. */
  public static boolean isConfusionMatrix(Object v) {
    return v instanceof Map<?, ?> m && m.get("labels") instanceof List && m.get("matrix") instanceof List;
  }

  private static void walk(String prefix, Map<?, ?> map, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object v = e.getValue();
      if (isConfusionMatrix(v)) {
        continue;
      }
      if (v instanceof Map<?, ?> m) {
        walk(key + ".", m, out);
      } else if (v instanceof List<?> l) {
        if (l.stream().allMatch(Flatten::scalar)) {
          out.put(key, new ArrayList<>(l));
        }
      } else if (scalar(v)) {
        out.put(key, v);
      }
    }
  }

  private static boolean scalar(Object v) {
    return v == null || v instanceof Number || v instanceof String || v instanceof Boolean;
  }
}
