package io.mlctl.core.pipeline;

import io.mlctl.core.pointer.Output;
import java.util.List;
import java.util.Map;

/**
 * What one stage's last successful run saw: its command, the hashes of its dependencies, its
 * parameter values and the hashes of its outputs. Immutable; paths sorted.
 */
public record LockEntry(String cmd, List<Output> deps, Map<String, Map<String, Object>> params, List<Output> outs) {
  public LockEntry {
    deps = sorted(deps);
    outs = sorted(outs);
    params = Map.copyOf(params);
  }

  private static List<Output> sorted(List<Output> l) {
    Output[] a = l.toArray(new Output[0]);
    // Most lists are short and already in order: check before sorting.
    for (int i = 1; i < a.length; i++) {
      if (a[i - 1].path().compareTo(a[i].path()) > 0) {
        java.util.Arrays.sort(a, BY_PATH);
        break;
      }
    }
    return List.of(a);
  }

  private static final java.util.Comparator<Output> BY_PATH = (x, y) -> x.path().compareTo(y.path());

  public java.util.Optional<Output> dep(String path) {
    return deps.stream().filter(d -> d.path().equals(path)).findFirst();
  }

  public java.util.Optional<Output> out(String path) {
    return outs.stream().filter(d -> d.path().equals(path)).findFirst();
  }
}
