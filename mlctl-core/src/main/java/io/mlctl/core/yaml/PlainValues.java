package io.mlctl.core.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Builds a plain document (maps, lists, strings, decimal numbers, booleans, null) from composed
 * nodes to the same values SnakeYAML's {@code SafeConstructor} builds, without making one: that
 * class's initialisation asks the JDK for a {@code System.Logger}, and the JDK's first such
 * request searches every jar on the class path for a logging service, 40 ms or more of a
 * command's start. Whatever is not plain (other tags, merge keys, duplicate keys, octal, hex or
 * sexagesimal numbers, an anchor that contains itself, a non-scalar key) makes {@link #of} throw
 * {@link NotPlain}, and the caller hands the nodes to {@code SafeConstructor}, which also words
 * the errors. {@code PlainValuesTest} checks that both build equal documents.
 */
final class PlainValues {
  /** The nodes need SafeConstructor. */
  static final class NotPlain extends RuntimeException {
    private NotPlain() {
      super(null, null, false, false);
    }
  }

  private static final NotPlain NOT_PLAIN = new NotPlain();

  /** What each node became, so an alias gives the very object its anchor did. */
  private final Map<Node, Object> built = new IdentityHashMap<>();
  /** The collections being built: meeting one again means the document contains itself. */
  private final Map<Node, Boolean> open = new IdentityHashMap<>();

  private PlainValues() {}

  /** The document the nodes hold; the root must not be null. */
  static Object of(Node root) {
    return new PlainValues().value(root);
  }

  private Object value(Node node) {
    if (built.containsKey(node)) {
      return built.get(node);
    }
    Object v;
    if (node instanceof ScalarNode s) {
      v = scalar(s);
    } else {
      if (open.put(node, Boolean.TRUE) != null) {
        throw NOT_PLAIN;
      }
      if (node instanceof MappingNode m && m.getTag().equals(Tag.MAP) && !m.isMerged()) {
        v = mapping(m);
      } else if (node instanceof SequenceNode q && q.getTag().equals(Tag.SEQ)) {
        v = sequence(q);
      } else {
        throw NOT_PLAIN;
      }
      open.remove(node);
    }
    built.put(node, v);
    return v;
  }

  private Map<Object, Object> mapping(MappingNode m) {
    List<NodeTuple> tuples = m.getValue();
    Map<Object, Object> out = new LinkedHashMap<>(Math.max(16, tuples.size() * 4 / 3 + 1));
    for (NodeTuple t : tuples) {
      if (!(t.getKeyNode() instanceof ScalarNode keyNode) || keyNode.getTag().equals(Tag.MERGE)) {
        throw NOT_PLAIN;
      }
      Object key = value(keyNode);
      if (out.containsKey(key)) {
        // SafeConstructor refuses it (mlctl allows no duplicate keys) and says where.
        throw NOT_PLAIN;
      }
      out.put(key, value(t.getValueNode()));
    }
    return out;
  }

  private List<Object> sequence(SequenceNode q) {
    List<Node> items = q.getValue();
    List<Object> out = new ArrayList<>(items.size());
    for (Node n : items) {
      out.add(value(n));
    }
    return out;
  }

  private static Object scalar(ScalarNode s) {
    Tag tag = s.getTag();
    String text = s.getValue();
    if (tag.equals(Tag.STR)) {
      return text;
    }
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return bool(text);
    }
    if (tag.equals(Tag.INT)) {
      return integer(text);
    }
    if (tag.equals(Tag.FLOAT)) {
      return floating(text);
    }
    throw NOT_PLAIN;
  }

  private static Boolean bool(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "yes", "true", "on":
        return Boolean.TRUE;
      case "no", "false", "off":
        return Boolean.FALSE;
      default:
        throw NOT_PLAIN;
    }
  }

  /** A signed decimal integer without leading zeros, as the smallest of Integer, Long, BigInteger. */
  private static Number integer(String text) {
    String digits = text.replace("_", "");
    boolean negative = false;
    if (!digits.isEmpty() && (digits.charAt(0) == '-' || digits.charAt(0) == '+')) {
      negative = digits.charAt(0) == '-';
      digits = digits.substring(1);
    }
    if (!isDecimal(digits) || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw NOT_PLAIN;
    }
    String signed = negative ? "-" + digits : digits;
    if (digits.length() <= 18) {
      long v = Long.parseLong(signed);
      return v == (int) v ? (Number) Integer.valueOf((int) v) : (Number) Long.valueOf(v);
    }
    BigInteger big = new BigInteger(signed);
    return big.bitLength() < 64 ? (Number) Long.valueOf(big.longValue()) : big;
  }

  /** A decimal float, infinity or not-a-number. */
  private static Double floating(String text) {
    String digits = text.replace("_", "");
    int sign = 1;
    if (!digits.isEmpty() && (digits.charAt(0) == '-' || digits.charAt(0) == '+')) {
      sign = digits.charAt(0) == '-' ? -1 : 1;
      digits = digits.substring(1);
    }
    String lower = digits.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals(".inf")) {
      return sign < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals(".nan")) {
      return Double.NaN;
    }
    if (!isDecimalFloat(digits)) {
      throw NOT_PLAIN;
    }
    return Double.parseDouble(digits) * sign;
  }

  private static boolean isDecimal(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Digits with at most one point and an optional exponent, at least one digit before it. */
  private static boolean isDecimalFloat(String s) {
    int e = Math.max(s.indexOf('e'), s.indexOf('E'));
    String mantissa = e < 0 ? s : s.substring(0, e);
    if (e >= 0) {
      String exp = s.substring(e + 1);
      if (!exp.isEmpty() && (exp.charAt(0) == '-' || exp.charAt(0) == '+')) {
        exp = exp.substring(1);
      }
      if (!isDecimal(exp)) {
        return false;
      }
    }
    int point = mantissa.indexOf('.');
    if (point != mantissa.lastIndexOf('.')) {
      return false;
    }
    String whole = point < 0 ? mantissa : mantissa.substring(0, point);
    String fraction = point < 0 ? "" : mantissa.substring(point + 1);
    return (whole.isEmpty() || isDecimal(whole)) && (fraction.isEmpty() || isDecimal(fraction))
        && !(whole.isEmpty() && fraction.isEmpty());
  }
}
