package io.mlctl.core.lineage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where something came from, as far as mlctl can prove it: the node asked about and, nested in
 * it, every link back to the data and the commit. Immutable.
 *
 * @param target the reference as the user gave it
 */
public record Lineage(String target, LineageNode root) {

  /** A directed edge of the graph: {@code from} came from {@code to}. */
  public record Edge(String from, String to, String relation) {}

  /**
   * Every node once, in the order a depth-first walk meets them. A thing reached twice (the same
   * commit behind the card and the run) is one node; the first meeting wins.
   */
  public List<LineageNode> nodes() {
    Map<String, LineageNode> seen = new LinkedHashMap<>();
    walk(root, seen);
    return new ArrayList<>(seen.values());
  }

  private static void walk(LineageNode n, Map<String, LineageNode> seen) {
    if (seen.putIfAbsent(n.key(), n) != null) {
      return;
    }
    for (LineageNode.Origin o : n.origins()) {
      walk(o.node(), seen);
    }
  }

  /** Every edge once. */
  public List<Edge> edges() {
    Set<Edge> out = new LinkedHashSet<>();
    for (LineageNode n : allNodes(root, new ArrayList<>())) {
      for (LineageNode.Origin o : n.origins()) {
        out.add(new Edge(n.key(), o.node().key(), o.relation()));
      }
    }
    return new ArrayList<>(out);
  }

  private static List<LineageNode> allNodes(LineageNode n, List<LineageNode> acc) {
    acc.add(n);
    for (LineageNode.Origin o : n.origins()) {
      allNodes(o.node(), acc);
    }
    return acc;
  }

  /** Nodes by status (every status present, zero when none). */
  public Map<LinkStatus, Integer> counts() {
    Map<LinkStatus, Integer> c = new EnumMap<>(LinkStatus.class);
    for (LinkStatus s : LinkStatus.values()) {
      c.put(s, 0);
    }
    for (LineageNode n : nodes()) {
      c.merge(n.status(), 1, Integer::sum);
    }
    return c;
  }

  /** The links that failed or are missing. */
  public List<LineageNode> broken() {
    return nodes().stream().filter(n -> n.status().broken()).toList();
  }

  /** Whether every link holds (none failed or missing). */
  public boolean ok() {
    return broken().isEmpty();
  }
}
