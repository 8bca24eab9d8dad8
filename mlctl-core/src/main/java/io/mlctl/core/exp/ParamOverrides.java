package io.mlctl.core.exp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.metrics.DataFiles;
import io.mlctl.core.metrics.Flatten;
import io.mlctl.core.yaml.YamlFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Applies {@code -S [FILE:]KEY=VALUE} overrides to parameter files. The new value replaces the
 * old one's text in place, so comments, key order and layout of the rest of the file stay as the
 * user wrote them. Every override is checked before any file is written, and each file is
 * written temp-then-rename. Stateless.
 */
public final class ParamOverrides {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ParamOverrides() {}

  /** One parsed {@code -S}: the file it names (or null), the dotted key, the value as typed. */
  public record Override(String file, String key, String value) {
    public static Override parse(String s) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new BadArgumentException("-S '" + s + "': expected KEY=VALUE or FILE:KEY=VALUE", null);
      }
      String left = s.substring(0, eq);
      int colon = left.lastIndexOf(':');
      String file = colon > 0 ? left.substring(0, colon) : null;
      String key = colon > 0 ? left.substring(colon + 1) : left;
      if (key.isEmpty()) {
        throw new BadArgumentException("-S '" + s + "': no key before '='", null);
      }
      return new Override(file, key, s.substring(eq + 1));
    }
  }

  /**
   * Checks and applies the overrides.
   *
   * @param texts parameter file (project-relative) to its current text; the first file is the
   *     one a key without a file is looked up in first
   * @return file to its new text, for the files that changed; nothing is written when any
   *     override is bad
   * @throws BadInputException naming the key and close matches when no file has it
   */
  public static Map<String, String> apply(Map<String, String> texts, List<Override> overrides) {
    Map<String, String> now = new LinkedHashMap<>(texts);
    Map<String, String> changed = new LinkedHashMap<>();
    for (Override o : overrides) {
      String file = o.file() != null ? o.file() : fileWithKey(now, o.key());
      if (file == null || !now.containsKey(file)) {
        throw unknown(now, o);
      }
      String text = replace(now.get(file), file, o);
      now.put(file, text);
      changed.put(file, text);
    }
    return changed;
  }

  /** Writes the new texts (each temp-then-rename). */
  public static void write(java.nio.file.Path root, Map<String, String> changed) {
    changed.forEach((f, t) -> AtomicFiles.writeString(root.resolve(f), t));
  }

  /** The value a typed string stands for, as YAML reads it: 0.1 a number, true a boolean, else text. */
  public static Object typed(String value) {
    try {
      Object v = YamlFiles.parse(value, "value");
      // Text stays as typed: YAML would read "sgd # fast" as "sgd".
      return v instanceof Map || v instanceof String || v == null && !value.strip().equals("null") ? value : v;
    } catch (BadInputException e) {
      return value;
    }
  }

  private static String fileWithKey(Map<String, String> texts, String key) {
    for (Map.Entry<String, String> e : texts.entrySet()) {
      if (Flatten.all(DataFiles.parseMap(e.getValue(), e.getKey(), e.getKey())).containsKey(key)
          || section(e, key)) {
        return e.getKey();
      }
    }
    return null;
  }

  private static boolean section(Map.Entry<String, String> e, String key) {
    return find(YamlFiles.compose(e.getValue(), e.getKey()), key) != null;
  }

  private static String replace(String text, String file, Override o) {
    Node doc = YamlFiles.compose(text, file);
    Node value = find(doc, o.key());
    if (value == null) {
      throw unknown(Map.of(file, text), o);
    }
    if (value instanceof MappingNode) {
      throw new BadInputException("-S " + o.key() + ": " + file + " holds a section there, not a value",
          "name a key inside it, e.g. " + o.key() + ".NAME=VALUE");
    }
    int start = text.offsetByCodePoints(0, value.getStartMark().getIndex());
    int end = text.offsetByCodePoints(0, value.getEndMark().getIndex());
    String out = text.substring(0, start) + literal(o.value(), file) + text.substring(end);
    // The edit must leave a file that still parses, with the key holding the new value.
    Object got = Flatten.all(DataFiles.parseMap(out, file, file)).get(o.key());
    Object want = typed(o.value());
    if (got != null && want != null && !String.valueOf(got).equals(String.valueOf(want)) && !(want instanceof List)) {
      throw new BadInputException("-S " + o.key() + "=" + o.value() + ": cannot write that value into " + file, null);
    }
    return out;
  }

  private static Node find(Node doc, String dotted) {
    Node at = doc;
    String[] parts = dotted.split("\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      if (!(at instanceof MappingNode m)) {
        return null;
      }
      Node next = null;
      // A key that itself holds dots ("lr.decay") is matched whole before it is split.
      String rest = String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length));
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(rest)) {
          return t.getValueNode();
        }
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(parts[i])) {
          next = t.getValueNode();
        }
      }
      at = next;
    }
    return at;
  }

  /** The text to write: numbers, booleans, null and lists as typed; other text quoted when needed. */
  private static String literal(String value, String file) {
    boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json");
    Object v = typed(value);
    if (json) {
      if (v instanceof String) {
        try {
          return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      try {
        JSON.readTree(value);
        return value.strip();
      } catch (JsonProcessingException e) {
        throw new BadArgumentException("-S value '" + value + "' is not valid in the JSON file " + file, null);
      }
    }
    if (v instanceof String s && (!s.equals(value) || value.contains("#") || value.contains(": ") || value.isEmpty())) {
      try {
        return JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return value.strip();
  }

  private static BadInputException unknown(Map<String, String> texts, Override o) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      keys.addAll(Flatten.all(DataFiles.parseMap(e.getValue(), e.getKey(), e.getKey())).keySet());
    }
    List<String> close = keys.stream().distinct()
        .filter(k -> distance(k, o.key()) <= Math.max(2, o.key().length() / 3) || k.endsWith("." + o.key()))
        .sorted(Comparator.comparingInt(k -> distance(k, o.key()))).limit(3).toList();
    String where = o.file() != null ? o.file() : texts.isEmpty() ? "any parameter file" : String.join(", ", texts.keySet());
    return new BadInputException("-S " + o.key() + ": no such parameter in " + where,
        close.isEmpty() ? "mlctl params show lists the parameters" : "did you mean " + String.join(", ", close) + "?");
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
