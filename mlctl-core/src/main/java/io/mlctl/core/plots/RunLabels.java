package io.mlctl.core.plots;

import io.mlctl.core.exp.RunRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a chart names a run: by its name and the parameters that set it apart from the other runs
 * on the page ({@code brisk-lark lr=0.2}), not by its id; a run that did not succeed says so.
 */
final class RunLabels {
  /** How many changed parameters a label names at most. */
  static final int MAX_PARAMS = 3;

  private RunLabels() {}

  /** Every run's label, by id. */
  static Map<String, String> of(List<RunRecord> runs) {
    Set<String> keys = new LinkedHashSet<>();
    runs.forEach(r -> keys.addAll(r.params().keySet()));
    List<String> changed = keys.stream().filter(k -> {
      Set<String> seen = new HashSet<>();
      runs.forEach(r -> seen.add(Objects.toString(r.params().get(k), null)));
      return seen.size() > 1;
    }).limit(MAX_PARAMS).toList();
    boolean shortOk = changed.stream().map(RunLabels::shortKey).distinct().count() == changed.size();
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, Integer> taken = new HashMap<>();
    for (RunRecord r : runs) {
      StringBuilder b = new StringBuilder(r.label());
      for (String k : changed) {
        Object v = r.params().get(k);
        if (v != null) {
          b.append(' ').append(shortOk ? shortKey(k) : k).append('=').append(v);
        }
      }
      if (!succeeded(r)) {
        b.append(" [").append(r.status()).append(']');
      }
      out.put(r.id(), b.toString());
      taken.merge(b.toString(), 1, Integer::sum);
    }
    // Old records have no name: two runs must still not share a label.
    out.replaceAll((id, label) -> taken.get(label) > 1 ? label + " (" + id + ")" : label);
    return out;
  }

  static boolean succeeded(RunRecord r) {
    return RunRecord.SUCCESS.equals(r.status()) || RunRecord.LOGGED.equals(r.status()) || r.status() == null;
  }

  /** The last part of a nested key ({@code train.lr} becomes {@code lr}), for a short label. */
  private static String shortKey(String k) {
    int dot = k.lastIndexOf('.');
    return dot < 0 ? k : k.substring(dot + 1);
  }
}
