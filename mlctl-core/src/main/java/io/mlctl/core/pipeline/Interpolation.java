package io.mlctl.core.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${a.b}} substitution from a context of nested maps (params.yaml, vars, the foreach item).
 * Immutable and thread-safe.
 */
final class Interpolation {
  private static final Pattern VAR = Pattern.compile("\\$\\{\\s*([^}\\s]+)\\s*}");

  private final Map<String, Object> context;

  Interpolation(Map<String, Object> context) {
    // Not Map.copyOf: `seed: null` in params.yaml is a value, which a reference finds undefined.
    this.context = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
  }

  /** A context with {@code extra} added on top (a foreach item, say). */
  Interpolation with(Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>(context);
    m.putAll(extra);
    return new Interpolation(m);
  }

  /** Thrown for a name the context does not hold; the parser turns it into bad input at a place. */
  static final class Undefined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Undefined(String name) {
      super(name, null, false, false);
    }
  }

  /** Substitutes in every string inside {@code value} (lists and maps recursively). */
  Object apply(Object value) {
    if (value instanceof String s) {
      return applyString(s);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(apply(o));
      }
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(apply(e.getKey()), apply(e.getValue()));
      }
      return out;
    }
    return value;
  }

  private Object applyString(String s) {
    Matcher m = VAR.matcher(s);
    if (m.matches()) {
      // A whole-string reference keeps its type, so `foreach: ${models}` can name a list.
      return lookup(m.group(1));
    }
    StringBuilder out = new StringBuilder();
    m.reset();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(lookup(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Object lookup(String name) {
    return find(context, name).orElseThrow(() -> new Undefined(name));
  }

  /** The value at a dotted key inside nested maps and lists, if any. */
  static Optional<Object> find(Object root, String dotted) {
    if (root instanceof Map<?, ?> m && m.containsKey(dotted)) {
      return Optional.ofNullable(m.get(dotted));
    }
    Object cur = root;
    for (String part : dotted.split("\\.", -1)) {
      if (cur instanceof Map<?, ?> m && m.containsKey(part)) {
        cur = m.get(part);
      } else if (cur instanceof List<?> l && index(part) < l.size()) {
        cur = l.get(index(part));
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(cur);
  }

  /** The list index {@code part} writes in decimal digits; {@code Integer.MAX_VALUE}, which no list reaches, for anything else. */
  private static int index(String part) {
    if (!part.matches("\\d{1,9}")) {
      return Integer.MAX_VALUE;
    }
    return Integer.parseInt(part);
  }
}
