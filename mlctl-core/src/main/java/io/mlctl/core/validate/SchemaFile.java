package io.mlctl.core.validate;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.yaml.YamlFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The schema file's YAML form, strict on reading (an unknown key, a wrong type or a bad pattern is
 * an error naming the file, line and column) so a typo never silently drops a rule:
 *
 * <pre>
 * schema: 1
 * rows: {min: 500, max: 2000}
 * extra_columns: false
 * columns:
 *   age: {type: integer, nullable: false, min: 0, max: {value: 120, mostly: 0.99}}
 *   city: {type: categorical, allowed: [Lisbon, Porto]}
 *   email: {type: string, pattern: '^[^@]+@[^@]+$', unique: true, mostly: 0.95}
 * </pre>
 *
 * A column's {@code mostly} is the default for its rules; a rule written as
 * {@code {value: X, mostly: F}} has its own.
 */
public final class SchemaFile {
  static final int VERSION = 1;
  private static final Set<String> TOP = Set.of("schema", "rows", "extra_columns", "columns");
  private static final Set<String> RULES = Set.of("type", "nullable", "min", "max", "allowed", "unique", "pattern", "mostly");

  private final String shownAs;

  private SchemaFile(String shownAs) {
    this.shownAs = shownAs;
  }

  /** Reads a schema file. */
  public static Schema read(Path file, String shownAs) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(shownAs + ": no such file", "make one with: mlctl schema infer DATA -o " + shownAs);
    } catch (CharacterCodingException e) {
      throw BadInputException.at(shownAs, 0, 0, "not valid UTF-8", null);
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
    return parse(text, shownAs);
  }

  /** Parses a schema from YAML text. */
  public static Schema parse(String text, String shownAs) {
    return new SchemaFile(shownAs).schema(YamlFiles.compose(text, shownAs));
  }

  /** Writes {@code schema} to {@code file} (temp, then rename). */
  public static void write(Path file, Schema schema) {
    AtomicFiles.writeString(file, text(schema));
  }

  /** The YAML text of a schema, with a comment saying how to edit it. */
  public static String text(Schema schema) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", VERSION);
    if (schema.rows() != null) {
      Map<String, Object> rows = new LinkedHashMap<>();
      if (schema.rows().min() != null) {
        rows.put("min", schema.rows().min());
      }
      if (schema.rows().max() != null) {
        rows.put("max", schema.rows().max());
      }
      doc.put("rows", rows);
    }
    doc.put("extra_columns", schema.extraColumns());
    Map<String, Object> columns = new LinkedHashMap<>();
    for (Schema.Column c : schema.columns()) {
      Map<String, Object> m = new LinkedHashMap<>();
      put(m, "type", c.type(), ColumnType::id);
      put(m, "nullable", c.nullable(), v -> v);
      boolean whole = c.type() != null && c.type().value() == ColumnType.INTEGER;
      put(m, "min", c.min(), v -> number(v, whole));
      put(m, "max", c.max(), v -> number(v, whole));
      put(m, "allowed", c.allowed(), v -> v);
      put(m, "unique", c.unique(), v -> v);
      put(m, "pattern", c.pattern(), Pattern::pattern);
      columns.put(c.name(), m);
    }
    doc.put("columns", columns);
    return "# What mlctl validate expects of a data set. Edit freely: delete a rule to stop checking it;\n"
        + "# types are integer, numeric, boolean, categorical, string; 'pattern' is a regular expression\n"
        + "# found in each value (anchor it with ^ and $); any rule may be written {value: X, mostly: 0.95}\n"
        + "# to hold for 95% of the values, and 'mostly' on a column sets it for all its rules.\n"
        + YamlFiles.dump(doc);
  }

  private static <T> void put(Map<String, Object> m, String key, Schema.Check<T> check, java.util.function.Function<T, Object> show) {
    if (check == null) {
      return;
    }
    Object v = show.apply(check.value());
    if (check.mostly() < 1.0) {
      Map<String, Object> both = new LinkedHashMap<>();
      both.put("value", v);
      both.put("mostly", check.mostly());
      v = both;
    }
    m.put(key, v);
  }

  private static Object number(double d, boolean whole) {
    return whole && d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
  }

  // ---------------------------------------------------------------------------------------------
  // reading

  private Schema schema(Node doc) {
    MappingNode top = mapping(doc, "the schema");
    Schema.RowRange rows = null;
    boolean extra = true;
    List<Schema.Column> columns = null;
    Integer version = null;
    for (NodeTuple t : top.getValue()) {
      String key = key(t, TOP, "a schema holds schema, rows, extra_columns and columns");
      Node v = t.getValueNode();
      switch (key) {
        case "schema" -> version = (int) integer(v, "schema");
        case "rows" -> rows = rows(v);
        case "extra_columns" -> extra = bool(v, "extra_columns");
        default -> columns = columns(v);
      }
    }
    if (version != null && version != VERSION) {
      throw YamlFiles.at(shownAs, doc, "schema version " + version + " is not one this mlctl reads", "this mlctl reads version " + VERSION);
    }
    if (columns == null) {
      throw YamlFiles.at(shownAs, doc, "the schema has no 'columns'", "run mlctl schema infer DATA to start one");
    }
    return new Schema(rows, extra, columns);
  }

  private Schema.RowRange rows(Node n) {
    Long min = null;
    Long max = null;
    for (NodeTuple t : mapping(n, "'rows'").getValue()) {
      String key = key(t, Set.of("min", "max"), "rows holds min and max");
      long v = integer(t.getValueNode(), "rows." + key);
      if (key.equals("min")) {
        min = v;
      } else {
        max = v;
      }
    }
    return new Schema.RowRange(min, max);
  }

  private List<Schema.Column> columns(Node n) {
    List<Schema.Column> out = new ArrayList<>();
    for (NodeTuple t : mapping(n, "'columns'").getValue()) {
      String name = scalar(t.getKeyNode(), "a column name");
      for (Schema.Column c : out) {
        if (c.name().equals(name)) {
          throw YamlFiles.at(shownAs, t.getKeyNode(), "the column '" + name + "' appears twice", null);
        }
      }
      out.add(column(name, t.getValueNode()));
    }
    return out;
  }

  private Schema.Column column(String name, Node n) {
    MappingNode m = mapping(n, "column '" + name + "'");
    double mostly = 1.0;
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("mostly")) {
        mostly = fraction(t.getValueNode());
      }
    }
    Schema.Check<ColumnType> type = null;
    Schema.Check<Boolean> nullable = null;
    Schema.Check<Double> min = null;
    Schema.Check<Double> max = null;
    Schema.Check<List<String>> allowed = null;
    Schema.Check<Boolean> unique = null;
    Schema.Check<Pattern> pattern = null;
    for (NodeTuple t : m.getValue()) {
      String key = key(t, RULES, "a column's rules are " + String.join(", ", List.of("type", "nullable", "min", "max", "allowed", "unique", "pattern", "mostly")));
      Node v = t.getValueNode();
      double share = mostly;
      // {value: X, mostly: F} gives one rule its own share
      if (!key.equals("mostly") && v instanceof MappingNode own) {
        Node value = null;
        for (NodeTuple r : own.getValue()) {
          String k = key(r, Set.of("value", "mostly"), "a rule written as a mapping holds value and mostly");
          if (k.equals("mostly")) {
            share = fraction(r.getValueNode());
          } else {
            value = r.getValueNode();
          }
        }
        if (value == null) {
          throw YamlFiles.at(shownAs, v, "the rule '" + key + "' has no value", "write {value: X, mostly: 0.95}");
        }
        v = value;
      }
      switch (key) {
        case "type" -> {
          String id = scalar(v, "type");
          ColumnType ct = ColumnType.of(id);
          if (ct == null) {
            throw YamlFiles.at(shownAs, v, "unknown type '" + id + "'", "types: integer, numeric, boolean, categorical, string");
          }
          type = new Schema.Check<>(ct, share);
        }
        case "nullable" -> nullable = new Schema.Check<>(bool(v, "nullable"), share);
        case "min" -> min = new Schema.Check<>(number(v, "min"), share);
        case "max" -> max = new Schema.Check<>(number(v, "max"), share);
        case "allowed" -> allowed = new Schema.Check<>(list(v), share);
        case "unique" -> unique = new Schema.Check<>(bool(v, "unique"), share);
        case "pattern" -> pattern = new Schema.Check<>(regex(v), share);
        default -> { }
      }
    }
    return new Schema.Column(name, type, nullable, min, max, allowed, unique, pattern);
  }

  private MappingNode mapping(Node n, String what) {
    if (n instanceof MappingNode m) {
      return m;
    }
    throw YamlFiles.at(shownAs, n, what + " must be a mapping", null);
  }

  private String key(NodeTuple t, Set<String> allowed, String hint) {
    String k = scalar(t.getKeyNode(), "a key");
    if (!allowed.contains(k)) {
      throw YamlFiles.at(shownAs, t.getKeyNode(), "unknown key '" + k + "'", hint);
    }
    return k;
  }

  private String scalar(Node n, String what) {
    if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
      return s.getValue();
    }
    throw YamlFiles.at(shownAs, n, what + " must be a single value", null);
  }

  private boolean bool(Node n, String what) {
    String v = scalar(n, what);
    if (n.getTag().equals(Tag.BOOL)) {
      return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
    }
    throw YamlFiles.at(shownAs, n, what + " must be true or false", null);
  }

  private double number(Node n, String what) {
    String v = scalar(n, what);
    try {
      double d = Double.parseDouble(v.replace("_", ""));
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw YamlFiles.at(shownAs, n, what + " must be a number, not '" + v + "'", null);
  }

  private long integer(Node n, String what) {
    double d = number(n, what);
    if (d != Math.rint(d) || d < 0) {
      throw YamlFiles.at(shownAs, n, what + " must be a whole number of at least 0", null);
    }
    return (long) d;
  }

  private double fraction(Node n) {
    double d = number(n, "mostly");
    if (d < 0 || d > 1) {
      throw YamlFiles.at(shownAs, n, "mostly must be between 0 and 1", "0.95 means 95% of the values");
    }
    return d;
  }

  private List<String> list(Node n) {
    if (!(n instanceof SequenceNode s)) {
      throw YamlFiles.at(shownAs, n, "allowed must be a list", "write allowed: [a, b, c]");
    }
    List<String> out = new ArrayList<>();
    for (Node item : s.getValue()) {
      out.add(scalar(item, "an allowed value"));
    }
    return out;
  }

  private Pattern regex(Node n) {
    String v = scalar(n, "pattern");
    try {
      return Pattern.compile(v);
    } catch (PatternSyntaxException e) {
      throw YamlFiles.at(shownAs, n, "the pattern '" + v + "' is not a regular expression: " + e.getDescription(), null);
    }
  }
}
