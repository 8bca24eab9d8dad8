package io.mlctl.core.lineage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lineage as text: a tree for the terminal, a JSON document, a Graphviz DOT or a Mermaid graph.
 * Every label comes from user data (model names, paths, commands, commit messages), so each
 * format escapes what its syntax gives meaning to.
 */
public final class LineageFormats {
  private LineageFormats() {}

  /** The JSON document: snake_case keys, nodes once each, edges from a thing to what it came from. */
  public static Map<String, Object> json(Lineage l) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("target", l.target());
    doc.put("root", l.root().key());
    doc.put("ok", l.ok());
    Map<String, Object> counts = new LinkedHashMap<>();
    l.counts().forEach((s, n) -> counts.put(s.id(), n));
    doc.put("counts", counts);
    List<Object> nodes = new ArrayList<>();
    for (LineageNode n : l.nodes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", n.key());
      m.put("kind", n.kind().id());
      m.put("id", n.id());
      m.put("status", n.status().id());
      m.put("summary", n.summary());
      m.put("reason", n.reason());
      m.put("details", n.details());
      nodes.add(m);
    }
    doc.put("nodes", nodes);
    List<Object> edges = new ArrayList<>();
    for (Lineage.Edge e : l.edges()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", e.from());
      m.put("to", e.to());
      m.put("relation", e.relation());
      edges.add(m);
    }
    doc.put("edges", edges);
    return doc;
  }

  /** The tree as a terminal shows it; a node met again is shown once more without its origins. */
  public static String tree(Lineage l) {
    StringBuilder sb = new StringBuilder();
    line(sb, l.root(), null, "", "", new HashSet<>());
    Map<LinkStatus, Integer> c = l.counts();
    sb.append('\n').append(l.nodes().size()).append(" links: ");
    List<String> parts = new ArrayList<>();
    c.forEach((s, n) -> parts.add(n + " " + s.id()));
    sb.append(String.join(", ", parts)).append('\n');
    return sb.toString();
  }

  private static void line(StringBuilder sb, LineageNode n, String relation, String lead, String childLead, Set<String> seen) {
    sb.append(lead).append('[').append(n.status().id()).append("] ");
    if (relation != null) {
      sb.append(relation.replace('_', ' ')).append(": ");
    }
    sb.append(n.kind().id().replace('_', ' ')).append(' ').append(oneLine(n.summary()));
    boolean again = !seen.add(n.key());
    if (again && !n.origins().isEmpty()) {
      sb.append(" (as above)");
    }
    sb.append('\n');
    if (n.reason() != null) {
      sb.append(childLead).append("    ! ").append(oneLine(n.reason())).append('\n');
    }
    if (again) {
      return;
    }
    List<LineageNode.Origin> os = n.origins();
    for (int i = 0; i < os.size(); i++) {
      boolean last = i == os.size() - 1;
      line(sb, os.get(i).node(), os.get(i).relation(), childLead + (last ? "└── " : "├── "), childLead + (last ? "    " : "│   "), seen);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
  }

  private static String label(LineageNode n) {
    return n.kind().id() + "\n" + n.summary() + "\n" + n.status().id();
  }

  /** A Graphviz digraph; broken links are red, recorded ones dashed. */
  public static String dot(Lineage l) {
    StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
    for (LineageNode n : l.nodes()) {
      sb.append("  ").append(dotString(n.key())).append(" [label=").append(dotString(label(n)));
      switch (n.status()) {
        case FAILED, MISSING -> sb.append(", color=red, fontcolor=red");
        case RECORDED -> sb.append(", style=dashed");
        default -> { }
      }
      sb.append("];\n");
    }
    for (Lineage.Edge e : l.edges()) {
      sb.append("  ").append(dotString(e.from())).append(" -> ").append(dotString(e.to()))
          .append(" [label=").append(dotString(e.relation())).append("];\n");
    }
    return sb.append("}\n").toString();
  }

  /** A double-quoted DOT string: quotes and backslashes escaped, line breaks as DOT's {@code \n}. */
  static String dotString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> { }
        default -> b.append(c < 0x20 ? ' ' : c);
      }
    }
    return b.append('"').toString();
  }

  /** A Mermaid flowchart; node ids are generated, labels quoted with Mermaid's entity codes. */
  public static String mermaid(Lineage l) {
    StringBuilder sb = new StringBuilder("graph LR\n");
    Map<String, String> ids = new LinkedHashMap<>();
    for (LineageNode n : l.nodes()) {
      String id = "n" + ids.size();
      ids.put(n.key(), id);
      sb.append("  ").append(id).append("[\"").append(mermaidText(label(n))).append("\"]\n");
    }
    for (Lineage.Edge e : l.edges()) {
      sb.append("  ").append(ids.get(e.from())).append(" -->|\"").append(mermaidText(e.relation())).append("\"| ")
          .append(ids.get(e.to())).append('\n');
    }
    List<String> broken = new ArrayList<>();
    for (LineageNode n : l.broken()) {
      broken.add(ids.get(n.key()));
    }
    if (!broken.isEmpty()) {
      sb.append("  classDef broken stroke:#c00,color:#c00\n  class ").append(String.join(",", broken)).append(" broken\n");
    }
    return sb.toString();
  }

  /** Text inside a quoted Mermaid label: characters Mermaid or its HTML rendering reads as syntax become entity codes. */
  static String mermaidText(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("#quot;");
        case '#' -> b.append("#35;");
        case '<' -> b.append("#lt;");
        case '>' -> b.append("#gt;");
        case '&' -> b.append("#amp;");
        case '|' -> b.append("#124;");
        case '`' -> b.append("#96;");
        case '\n' -> b.append("<br/>");
        case '\r' -> { }
        default -> b.append(c < 0x20 ? ' ' : c);
      }
    }
    return b.toString();
  }
}
