package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stages of a pipeline and the edges from each output to the stages that depend on it (a
 * dependency inside an output directory, or a directory holding an output, counts). Built only
 * from a valid pipeline: the constructor rejects cycles, shared outputs, outputs in .git or
 * .mlctl and dependencies nothing provides. Immutable.
 */
public final class Dag {
  private final Pipeline pipeline;
  private final Map<String, Stage> byName = new LinkedHashMap<>();
  private final Map<String, Set<String>> upstream = new LinkedHashMap<>();
  private final Map<String, Set<String>> downstream = new LinkedHashMap<>();
  private final List<Stage> order;

  /**
   * @param root the project root, to check that dependencies no stage produces exist
   * @throws BadInputException naming the stage for any problem listed above
   */
  public Dag(Pipeline pipeline, Path root) {
    this.pipeline = pipeline;
    Map<String, String> producer = new LinkedHashMap<>();
    for (Stage s : pipeline.stages()) {
      byName.put(s.name(), s);
      upstream.put(s.name(), new LinkedHashSet<>());
      downstream.put(s.name(), new LinkedHashSet<>());
      for (Stage.Out o : s.outs()) {
        String p = checked(pipeline, s, () -> PathRules.checkOut(s, o.path()));
        for (Map.Entry<String, String> e : producer.entrySet()) {
          if (e.getKey().equals(p) || PathRules.inside(p, e.getKey()) || PathRules.inside(e.getKey(), p)) {
            throw pipeline.bad(s.name(), "stage '" + s.name() + "': output '" + p + "' overlaps output '"
                + e.getKey() + "' of stage '" + e.getValue() + "'", "each path is the output of one stage");
          }
        }
        producer.put(p, s.name());
      }
    }
    for (Stage s : pipeline.stages()) {
      for (String d : s.deps()) {
        String dep = checked(pipeline, s, () -> PathRules.checkDep(s, d));
        boolean produced = false;
        for (Map.Entry<String, String> e : producer.entrySet()) {
          String out = e.getKey();
          if (out.equals(dep) || PathRules.inside(dep, out) || PathRules.inside(out, dep)) {
            produced = true;
            upstream.get(s.name()).add(e.getValue());
            downstream.get(e.getValue()).add(s.name());
          }
        }
        if (!produced && !Files.exists(root.resolve(dep))) {
          throw pipeline.bad(s.name(), "stage '" + s.name() + "': dependency '" + dep
              + "' does not exist and no stage produces it", null);
        }
      }
    }
    this.order = List.copyOf(topological());
  }

  private static String checked(Pipeline pipeline, Stage s, java.util.function.Supplier<String> check) {
    try {
      return check.get();
    } catch (BadInputException e) {
      throw pipeline.bad(s.name(), e);
    }
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** Every stage, each after the stages it depends on, otherwise in declaration order. */
  public List<Stage> order() {
    return order;
  }

  public Stage stage(String name) {
    return byName.get(name);
  }

  /** The stages whose outputs {@code name} depends on directly. */
  public Set<String> upstream(String name) {
    return Set.copyOf(upstream.get(name));
  }

  /** The stages that depend directly on an output of {@code name}. */
  public Set<String> downstream(String name) {
    return Set.copyOf(downstream.get(name));
  }

  /** The named stages and everything they depend on, transitively. */
  public Set<String> withUpstream(Set<String> names) {
    return closure(names, upstream);
  }

  /** The named stages and everything that depends on them, transitively. */
  public Set<String> withDownstream(Set<String> names) {
    return closure(names, downstream);
  }

  private static Set<String> closure(Set<String> start, Map<String, Set<String>> edges) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(start);
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        todo.addAll(edges.get(n));
      }
    }
    return seen;
  }

  private List<Stage> topological() {
    Map<String, Integer> state = new HashMap<>();
    List<Stage> out = new ArrayList<>();
    for (String n : byName.keySet()) {
      visit(n, state, new ArrayList<>(), out);
    }
    return out;
  }

  // Depth first over upstream edges: a stage is emitted after all it depends on; a grey stage met
  // again closes a cycle, which the path on the stack spells out.
  private void visit(String n, Map<String, Integer> state, List<String> path, List<Stage> out) {
    Integer st = state.get(n);
    if (st != null && st == 2) {
      return;
    }
    if (st != null && st == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
      java.util.Collections.reverse(cycle);
      cycle.add(cycle.get(0));
      throw pipeline.bad(n, "stage '" + n + "' is in a cycle: " + String.join(" -> ", cycle),
          "a stage may not depend, directly or not, on its own outputs");
    }
    state.put(n, 1);
    path.add(n);
    for (String u : upstream.get(n)) {
      visit(u, state, path, out);
    }
    path.remove(path.size() - 1);
    state.put(n, 2);
    out.add(byName.get(n));
  }
}
