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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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
    return new SchemaParser(shownAs).schema(YamlFiles.compose(text, shownAs));
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
}
