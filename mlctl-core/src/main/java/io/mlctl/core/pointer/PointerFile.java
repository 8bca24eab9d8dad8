package io.mlctl.core.pointer;

import io.mlctl.core.store.Sha256;
import io.mlctl.core.yaml.YamlFiles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The codec of pointer files ({@code NAME.mlctl}): YAML with an {@code outs} list. Parsing is
 * strict and names file, line and column; every path is checked before anything uses it.
 */
public final class PointerFile {
  public static final String SUFFIX = ".mlctl";

  private PointerFile() {}

  /** Parses pointer text; {@code shownAs} names the file in errors. */
  public static List<Output> parse(String text, String shownAs) {
    Node root = YamlFiles.compose(text, shownAs);
    if (!(root instanceof MappingNode map)) {
      throw YamlFiles.at(shownAs, root, "a pointer file is a mapping with an 'outs' list", null);
    }
    checkUniqueKeys(map, shownAs);
    Node outs = value(map, "outs");
    if (!(outs instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      throw YamlFiles.at(shownAs, outs == null ? root : outs, "'outs' must be a non-empty list", null);
    }
    List<Output> result = new ArrayList<>();
    for (Node item : seq.getValue()) {
      result.add(parseOut(item, shownAs));
    }
    return result;
  }

  private static Output parseOut(Node item, String shownAs) {
    if (!(item instanceof MappingNode m)) {
      throw YamlFiles.at(shownAs, item, "each entry of 'outs' is a mapping", null);
    }
    checkUniqueKeys(m, shownAs);
    String path = scalar(m, "path", shownAs, item);
    String problem = PathSafety.problem(path);
    if (problem != null) {
      throw YamlFiles.at(shownAs, value(m, "path"), problem,
          "paths in pointers are relative to the pointer's folder, never climb out with '..' and never name .git");
    }
    String hash = scalar(m, "sha256", shownAs, item);
    if (!Sha256.isHash(hash)) {
      throw YamlFiles.at(shownAs, value(m, "sha256"), "sha256 must be 64 lowercase hex digits", null);
    }
    long size = number(m, "size", shownAs, item);
    Node kind = value(m, "kind");
    boolean dir = false;
    if (kind != null) {
      String k = kind instanceof ScalarNode s ? s.getValue() : "";
      if (!k.equals("dir") && !k.equals("file")) {
        throw YamlFiles.at(shownAs, kind, "kind must be 'dir' or 'file'", null);
      }
      dir = k.equals("dir");
    }
    long nfiles = dir ? number(m, "nfiles", shownAs, item) : 0;
    return new Output(path, hash, size, dir, nfiles);
  }

  /** The canonical text of a pointer. */
  public static String text(List<Output> outs) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Output o : outs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", o.path());
      if (o.dir()) {
        m.put("kind", "dir");
      }
      m.put("sha256", o.sha256());
      m.put("size", o.size());
      if (o.dir()) {
        m.put("nfiles", o.nfiles());
      }
      list.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("outs", list);
    return YamlFiles.dump(doc);
  }

  // Composing nodes skips the loader's duplicate-key check: without this, the first of two
  // 'sha256:' lines (left by a bad merge, say) would silently win.
  private static void checkUniqueKeys(MappingNode m, String shownAs) {
    Set<String> seen = new HashSet<>();
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && !seen.add(k.getValue())) {
        throw YamlFiles.at(shownAs, k, "duplicate key '" + k.getValue() + "'", null);
      }
    }
  }

  private static Node value(MappingNode m, String key) {
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  private static String scalar(MappingNode m, String key, String shownAs, Node owner) {
    Node v = value(m, key);
    if (!(v instanceof ScalarNode s) || s.getValue().isEmpty()) {
      throw YamlFiles.at(shownAs, v == null ? owner : v, "'" + key + "' is missing or not a value", null);
    }
    return s.getValue();
  }

  private static long number(MappingNode m, String key, String shownAs, Node owner) {
    String s = scalar(m, key, shownAs, owner);
    try {
      long n = Long.parseLong(s);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the place
    }
    throw YamlFiles.at(shownAs, value(m, key), "'" + key + "' must be a whole number >= 0", null);
  }
}
