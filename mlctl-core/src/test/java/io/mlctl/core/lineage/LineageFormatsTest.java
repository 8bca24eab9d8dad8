package io.mlctl.core.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageFormatsTest {
  static final String HOSTILE = "a \"quoted\" \\ <b>#1</b> | `x`\nsecond line";

  /** model -> artifact, model -> card -> commit, model -> run -> the same commit. */
  static Lineage sample(LinkStatus commitStatus) {
    LineageNode commit = LineageNode.of(NodeKind.COMMIT, "c0ffee", commitStatus, HOSTILE).build();
    LineageNode card = LineageNode.of(NodeKind.CARD, "card1", LinkStatus.VERIFIED, "card").from("trained_at_commit", commit).build();
    LineageNode run = LineageNode.of(NodeKind.RUN, "r1", LinkStatus.RECORDED, "run").from("ran_at_commit", commit).build();
    LineageNode art = LineageNode.of(NodeKind.ARTIFACT, "abc", LinkStatus.MISSING, "bytes").broken(LinkStatus.MISSING, "not in the cache").build();
    LineageNode model = LineageNode.of(NodeKind.MODEL_VERSION, "m@v1", LinkStatus.VERIFIED, "m@v1")
        .from("stored_as", art).from("described_by", card).from("made_in_run", run).build();
    return new Lineage("m@v1", model);
  }

  @Test
  void nodes_reachedTwice_appearOnce_andEdgesKeepBothPaths() {
    Lineage l = sample(LinkStatus.VERIFIED);
    assertEquals(List.of("model_version:m@v1", "artifact:abc", "card:card1", "commit:c0ffee", "run:r1"),
        l.nodes().stream().map(LineageNode::key).toList());
    assertEquals(5, l.edges().size());
    assertTrue(l.edges().contains(new Lineage.Edge("run:r1", "commit:c0ffee", "ran_at_commit")));
    assertFalse(l.ok());
    assertEquals(List.of("artifact:abc"), l.broken().stream().map(LineageNode::key).toList());
    assertEquals(Map.of(LinkStatus.VERIFIED, 3, LinkStatus.RECORDED, 1, LinkStatus.FAILED, 0, LinkStatus.MISSING, 1), l.counts());
  }

  @Test
  void json_hasSnakeCaseEnumsNodesAndEdges() {
    Map<String, Object> doc = LineageFormats.json(sample(LinkStatus.FAILED));
    assertEquals(false, doc.get("ok"));
    assertEquals("model_version:m@v1", doc.get("root"));
    assertEquals(Map.of("verified", 2, "recorded", 1, "failed", 1, "missing", 1), doc.get("counts"));
    @SuppressWarnings("unchecked")
    Map<String, Object> first = ((List<Map<String, Object>>) doc.get("nodes")).get(0);
    assertEquals("model_version", first.get("kind"));
    assertEquals("verified", first.get("status"));
    @SuppressWarnings("unchecked")
    Map<String, Object> edge = ((List<Map<String, Object>>) doc.get("edges")).get(0);
    assertEquals(Map.of("from", "model_version:m@v1", "to", "artifact:abc", "relation", "stored_as"), edge);
  }

  @Test
  void dot_escapesQuotesBackslashesAndLineBreaks() {
    String dot = LineageFormats.dot(sample(LinkStatus.VERIFIED));
    assertTrue(dot.contains("label=\"commit\\na \\\"quoted\\\" \\\\ <b>#1</b> | `x`\\nsecond line\\nverified\""), dot);
    assertTrue(dot.contains("\"artifact:abc\" [label=\"artifact\\nbytes\\nmissing\", color=red, fontcolor=red];"), dot);
    assertTrue(dot.contains("\"run:r1\" -> \"commit:c0ffee\" [label=\"ran_at_commit\"];"), dot);
    // Every line but the braces is a statement: no raw line break split a label.
    for (String line : dot.split("\n")) {
      assertTrue(line.equals("digraph lineage {") || line.equals("}") || line.endsWith(";"), line);
    }
  }

  @Test
  void mermaid_usesEntityCodesForSyntaxCharacters() {
    String mm = LineageFormats.mermaid(sample(LinkStatus.VERIFIED));
    assertTrue(mm.contains("[\"commit<br/>a #quot;quoted#quot; \\ #lt;b#gt;#35;1#lt;/b#gt; #124; #96;x#96;<br/>second line<br/>verified\"]"), mm);
    assertTrue(mm.contains("class n1 broken"), mm);
    assertEquals("a#35;b #amp; c", LineageFormats.mermaidText("a#b & c"));
  }

  @Test
  void tree_marksRepeatsAndShowsReasons() {
    String t = LineageFormats.tree(sample(LinkStatus.VERIFIED));
    assertTrue(t.startsWith("[verified] model version m@v1\n├── [missing] stored as: artifact bytes\n│       ! not in the cache\n"), t);
    assertTrue(t.contains("a \"quoted\" \\ <b>#1</b> | `x` second line"), "one line per node: " + t);
    assertTrue(t.endsWith("5 links: 3 verified, 1 recorded, 0 failed, 1 missing\n"), t);
  }
}
