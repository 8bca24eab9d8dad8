package io.mlctl.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How two registered versions differ: their cards (task, algorithm, label, features, training
 * data, commit), what was said about them (description, tags) and their metrics, key by key.
 * Only what differs is listed. Immutable.
 *
 * @param a the first version as {@code NAME@vN}
 * @param b the second version as {@code NAME@vN}
 * @param sameArtifact whether both are the same bytes
 * @param card each card field that differs, as {@code [old, new]}
 * @param metrics each numeric metric (nested keys joined with '.') that differs
 */
public record ModelDiff(String a, String b, boolean sameArtifact, Map<String, Change> card, Map<String, Change> metrics) {
  public ModelDiff {
    card = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(card));
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** A value in each version; {@code diff} is new minus old for two numbers, else null. */
  public record Change(Object old, Object now, Double diff) {}

  public boolean same() {
    return sameArtifact && card.isEmpty() && metrics.isEmpty();
  }

  /** Compares the versions {@code refA} and {@code refB} name. */
  public static ModelDiff of(ModelRegistry registry, String refA, String refB) {
    ModelVersion va = registry.versionOf(refA);
    ModelVersion vb = registry.versionOf(refB);
    String nameA = refA.contains("@") ? refA.substring(0, refA.lastIndexOf('@')) : refA;
    String nameB = refB.contains("@") ? refB.substring(0, refB.lastIndexOf('@')) : refB;
    Map<String, Change> card = new LinkedHashMap<>();
    Map<String, Object> ca = described(va);
    Map<String, Object> cb = described(vb);
    for (String k : union(ca.keySet(), cb.keySet())) {
      if (!Objects.equals(ca.get(k), cb.get(k))) {
        card.put(k, new Change(ca.get(k), cb.get(k), null));
      }
    }
    Map<String, Change> metrics = new LinkedHashMap<>();
    Map<String, Double> ma = Flatten.numbers(va.metrics());
    Map<String, Double> mb = Flatten.numbers(vb.metrics());
    for (String k : new TreeSet<>(union(ma.keySet(), mb.keySet()))) {
      // Counts of a confusion matrix say nothing a reader wants diffed cell by cell; times vary run to run.
      if (k.startsWith("confusion_matrix") || k.endsWith("_seconds")) {
        continue;
      }
      Double x = ma.get(k);
      Double y = mb.get(k);
      if (!Objects.equals(x, y)) {
        metrics.put(k, new Change(x, y, x == null || y == null ? null : y - x));
      }
    }
    return new ModelDiff(nameA + "@" + va.tag(), nameB + "@" + vb.tag(), va.sha256().equals(vb.sha256()), card, metrics);
  }

  private static Map<String, Object> described(ModelVersion v) {
    Map<String, Object> m = new LinkedHashMap<>(v.card());
    m.put("description", v.description());
    m.put("tags", v.tags().isEmpty() ? null : v.tags().toString());
    m.put("metrics_verified", v.metricsVerified());
    m.put("run", v.run());
    return m;
  }

  private static java.util.List<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(a);
    all.addAll(b);
    return java.util.List.copyOf(all);
  }
}
