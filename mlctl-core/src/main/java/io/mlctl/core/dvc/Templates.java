package io.mlctl.core.dvc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DVC's {@code ${…}} templating as mlctl.yaml can and cannot express it. mlctl substitutes
 * {@code ${a.b}} from params.yaml, {@code vars} and a foreach item just as DVC does, so most
 * templates carry over as they are; DVC's list index {@code ${a.list[0]}} becomes mlctl's
 * {@code ${a.list.0}}. Two forms have no mlctl equivalent: an escaped {@code \${…}} (a literal),
 * and a {@code cmd} reference to a mapping or list, which DVC unpacks into {@code --key value}
 * options. Stateless.
 */
final class Templates {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\s*([^}]*?)\\s*}");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
  /** Matrix stages past this many combinations are checked on their first ones only. */
  private static final int MAX_COMBINATIONS = 10_000;

  private Templates() {}

  /** {@code value} with every list index in a reference written the mlctl way. */
  static Object rewriteIndexes(Object value) {
    if (value instanceof String s) {
      if (s.indexOf('[') < 0) {
        return s;
      }
      Matcher m = REFERENCE.matcher(s);
      return m.replaceAll(r -> Matcher.quoteReplacement("${" + INDEX.matcher(r.group(1)).replaceAll(".$1") + "}"));
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(o -> out.add(rewriteIndexes(o)));
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(rewriteIndexes(k), rewriteIndexes(v)));
      return out;
    }
    return value;
  }

  /** Whether any string in {@code value} holds an escaped reference {@code \${…}}. */
  static boolean hasEscape(Object value) {
    if (value instanceof String s) {
      return s.contains("\\${");
    }
    if (value instanceof List<?> l) {
      return l.stream().anyMatch(Templates::hasEscape);
    }
    if (value instanceof Map<?, ?> m) {
      return m.keySet().stream().anyMatch(Templates::hasEscape) || m.values().stream().anyMatch(Templates::hasEscape);
    }
    return false;
  }

  /** Every reference in the strings of {@code value}, as written inside the braces. */
  static List<String> references(Object value) {
    List<String> out = new ArrayList<>();
    collect(value, out);
    return out;
  }

  private static void collect(Object value, List<String> out) {
    if (value instanceof String s) {
      Matcher m = REFERENCE.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    } else if (value instanceof List<?> l) {
      l.forEach(o -> collect(o, out));
    }
  }

  /**
   * The first reference of {@code cmd} that names a mapping or a list in any of the contexts the
   * stage is expanded in (which DVC would unpack), if any.
   */
  static Optional<String> unpacked(Object cmd, List<Map<String, Object>> contexts) {
    for (String ref : references(cmd)) {
      for (Map<String, Object> ctx : contexts) {
        Optional<Object> v = find(ctx, ref);
        if (v.isPresent() && (v.get() instanceof Map || v.get() instanceof List)) {
          return Optional.of(ref);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The contexts a stage is expanded in: the base alone for a plain stage, one per item of a
   * foreach, one per combination of a matrix. Items that are themselves references are looked up
   * in the base; what cannot be resolved gives no context (mlctl's parser reports it).
   */
  static List<Map<String, Object>> contexts(Map<String, Object> base, Object foreach, Object matrix) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (foreach != null) {
      Object items = resolve(base, foreach);
      if (items instanceof List<?> l) {
        l.forEach(item -> out.add(with(base, Map.of("item", item == null ? "" : item))));
      } else if (items instanceof Map<?, ?> m) {
        m.forEach((k, v) -> out.add(with(base, Map.of("key", String.valueOf(k), "item", v == null ? "" : v))));
      }
      return out;
    }
    if (matrix instanceof Map<?, ?> axes) {
      List<Map<String, Object>> combos = new ArrayList<>();
      combos.add(new LinkedHashMap<>());
      for (Map.Entry<?, ?> axis : axes.entrySet()) {
        if (!(resolve(base, axis.getValue()) instanceof List<?> values)) {
          return out;
        }
        List<Map<String, Object>> next = new ArrayList<>();
        for (Map<String, Object> c : combos) {
          for (Object v : values) {
            if (next.size() < MAX_COMBINATIONS) {
              Map<String, Object> n = new LinkedHashMap<>(c);
              n.put(String.valueOf(axis.getKey()), v);
              next.add(n);
            }
          }
        }
        combos = next;
      }
      combos.forEach(c -> out.add(with(base, Map.of("item", c))));
      return out;
    }
    out.add(base);
    return out;
  }

  private static Object resolve(Map<String, Object> base, Object value) {
    if (value instanceof String s) {
      Matcher m = REFERENCE.matcher(s);
      if (m.matches()) {
        return find(base, m.group(1)).orElse(null);
      }
    }
    return value;
  }

  private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    m.putAll(extra);
    return m;
  }

  /** The value at a dotted key inside nested maps and lists, as mlctl's substitution finds it. */
  static Optional<Object> find(Object root, String dotted) {
    if (root instanceof Map<?, ?> m && m.containsKey(dotted)) {
      return Optional.ofNullable(m.get(dotted));
    }
    Object cur = root;
    for (String part : dotted.split("\\.", -1)) {
      if (cur instanceof Map<?, ?> m && m.containsKey(part)) {
        cur = m.get(part);
      } else if (cur instanceof List<?> l && part.matches("\\d+") && Integer.parseInt(part) < l.size()) {
        cur = l.get(Integer.parseInt(part));
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(cur);
  }
}
