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
    return l.stream().sorted(java.util.Comparator.comparing(Output::path)).toList();
  }

  public java.util.Optional<Output> dep(String path) {
    return deps.stream().filter(d -> d.path().equals(path)).findFirst();
  }

  public java.util.Optional<Output> out(String path) {
    return outs.stream().filter(d -> d.path().equals(path)).findFirst();
  }
}
