package io.mlctl.core.pipeline;

import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.Output;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides whether a stage must run again by comparing the work tree with its lock entry, and says
 * why. A stage reruns only when it has no entry, or its command, a dependency's bytes, a
 * parameter's value or an output differ from it. Read-only.
 */
public final class Staleness {
  private final Workspace ws;
  private final Hasher hasher;

  /** @param fingerprints where hashes of unchanged paths are remembered; flush it when done */
  public Staleness(Workspace ws, PathFingerprints fingerprints) {
    this.ws = ws;
    this.hasher = new Hasher(ws, fingerprints);
  }

  /** Why {@code stage} would run again, in the words {@code status} prints; empty when fresh. */
  public List<String> reasons(Stage stage, LockEntry lock) {
    return reasons(stage, lock, hasher::hash);
  }

  /** Like {@link #reasons(Stage, LockEntry)}, with the dependencies' hashes from {@code depHash}. */
  List<String> reasons(Stage stage, LockEntry lock, java.util.function.Function<String, Optional<Output>> depHash) {
    List<String> reasons = new ArrayList<>();
    if (stage.frozen()) {
      return reasons;
    }
    if (lock == null) {
      reasons.add("never run");
      return reasons;
    }
    if (stage.alwaysChanged()) {
      reasons.add("always changed");
    }
    if (!stage.command().equals(lock.cmd())) {
      reasons.add("changed command");
    }
    for (String dep : new TreeSet<>(normalized(stage))) {
      Optional<Output> now = depHash.apply(dep);
      Optional<Output> then = lock.dep(dep);
      if (now.isEmpty()) {
        reasons.add("deleted deps: " + dep);
      } else if (then.isEmpty()) {
        reasons.add("new deps: " + dep);
      } else if (!now.get().sha256().equals(then.get().sha256())) {
        reasons.add("changed deps: " + dep);
      }
    }
    Map<String, Map<String, Object>> params = Params.values(ws.root(), stage);
    params.forEach((file, values) -> values.forEach((key, value) -> {
      Map<String, Object> old = lock.params().get(file);
      if (old == null || !old.containsKey(key)) {
        reasons.add("new params: " + file + ": " + key);
      } else if (!Objects.equals(String.valueOf(old.get(key)), String.valueOf(value))) {
        reasons.add("changed params: " + file + ": " + key);
      }
    }));
    for (Stage.Out o : stage.outs()) {
      String path = PathRules.checkOut(stage, o.path());
      Optional<Output> now = hasher.hash(path);
      Optional<Output> then = lock.out(path);
      if (now.isEmpty()) {
        reasons.add("deleted outs: " + path);
      } else if (then.isEmpty()) {
        reasons.add("new outs: " + path);
      } else if (!now.get().sha256().equals(then.get().sha256())) {
        reasons.add("changed outs: " + path);
      }
    }
    return reasons;
  }

  /** Every path the stages name as a dependency or an output, relative to the root. */
  public static Set<String> paths(List<Stage> stages) {
    Set<String> out = new HashSet<>();
    for (Stage s : stages) {
      out.addAll(normalized(s));
      s.outs().forEach(o -> out.add(PathRules.checkOut(s, o.path())));
    }
    return out;
  }

  /** A stage's outputs (outs, metrics, plots), relative to the root. */
  public static List<String> outputs(Stage stage) {
    return stage.outs().stream().map(o -> PathRules.checkOut(stage, o.path())).toList();
  }

  static List<String> normalized(Stage stage) {
    List<String> deps = stage.deps();
    String[] out = new String[deps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = PathRules.checkDep(stage, deps.get(i));
    }
    return List.of(out);
  }
}
