package io.mlctl.core.validate;

import io.mlctl.core.table.Missing;
import io.mlctl.core.table.Numbers;
import io.mlctl.core.table.TableReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Checks a data set against a {@link Schema} in one streaming pass. Missing values (see
 * {@link Missing}) are judged by {@code nullable} alone; every other rule looks at the values that
 * are present, and {@code min}, {@code max} only at those that are numbers (a word in a numeric
 * column is the {@code type} rule's to report). A rule with {@code mostly} holds when at least that
 * share of the values it looked at pass; when it does not, all its failures are counted and the
 * first {@value #EXAMPLES} shown. Memory is constant except for {@code unique}, which keeps each
 * column's distinct values. Not thread-safe; one instance per call.
 */
public final class Validate {
  static final int EXAMPLES = 5;

  /** Checks the data set at {@code data} (a CSV file or a request log) against the schema file {@code schema}. */
  public ValidationReport call(java.nio.file.Path data, String dataShown, java.nio.file.Path schema, String schemaShown) {
    // the schema first: a typo in it is reported before a long file is read
    Schema s = SchemaFile.read(schema, schemaShown);
    try (TableReader t = TableReader.open(data, dataShown)) {
      return call(t, s);
    }
  }

  /** Checks {@code table} against {@code schema}. */
  public ValidationReport call(TableReader table, Schema schema) {
    List<ValidationReport.Violation> out = new ArrayList<>();
    List<ColumnCheck> checks = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (Schema.Column c : schema.columns()) {
      named.add(c.name());
      int index = table.column(c.name());
      if (index < 0) {
        out.add(new ValidationReport.Violation(c.name(), "exists", true, 1, 1, 1.0, List.of()));
      } else {
        checks.add(new ColumnCheck(c, index));
      }
    }
    if (!schema.extraColumns()) {
      for (String h : table.header()) {
        if (!named.contains(h)) {
          out.add(new ValidationReport.Violation(h, "extra_column", false, 1, 1, 1.0, List.of()));
        }
      }
    }
    ColumnCheck[] cs = checks.toArray(new ColumnCheck[0]);
    for (String[] row = table.next(); row != null; row = table.next()) {
      for (ColumnCheck c : cs) {
        c.check(row[c.index], table);
      }
    }
    // report in schema order, whatever the file's column order
    Map<String, List<ValidationReport.Violation>> byColumn = new LinkedHashMap<>();
    for (ColumnCheck c : cs) {
      byColumn.put(c.column.name(), c.violations());
    }
    List<ValidationReport.Violation> ordered = new ArrayList<>();
    for (Schema.Column c : schema.columns()) {
      for (ValidationReport.Violation v : out) {
        if (v.column().equals(c.name())) {
          ordered.add(v);
        }
      }
      ordered.addAll(byColumn.getOrDefault(c.name(), List.of()));
    }
    for (ValidationReport.Violation v : out) {
      if (v.rule().equals("extra_column")) {
        ordered.add(v);
      }
    }
    long rows = table.rows();
    Schema.RowRange range = schema.rows();
    if (range != null && (range.min() != null && rows < range.min() || range.max() != null && rows > range.max())) {
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("min", range.min());
      expected.put("max", range.max());
      ordered.add(new ValidationReport.Violation(null, "rows", expected, rows, rows, 1.0, List.of()));
    }
    return new ValidationReport(table.shownAs(), rows, ordered);
  }

  /** One rule's failures. */
  private static final class Tally {
    final String rule;
    final Object expected;
    final double mostly;
    long count;
    final List<ValidationReport.Example> examples = new ArrayList<>(EXAMPLES);

    Tally(String rule, Object expected, double mostly) {
      this.rule = rule;
      this.expected = expected;
      this.mostly = mostly;
    }

    void fail(TableReader t, String value) {
      if (count++ < EXAMPLES) {
        examples.add(new ValidationReport.Example(t.line(), value));
      }
    }

    /** The violation, or null when the share of passing values meets {@code mostly}. */
    ValidationReport.Violation result(String column, long checked) {
      if (count == 0 || checked > 0 && (double) (checked - count) / checked >= mostly) {
        return null;
      }
      return new ValidationReport.Violation(column, rule, expected, count, checked, mostly, examples);
    }
  }

  /** The compiled rules of one column. */
  private static final class ColumnCheck {
    final Schema.Column column;
    final int index;
    final ColumnType type;
    final boolean number;
    final double min;
    final double max;
    final Set<String> allowed;
    final Set<Double> allowedNumbers;
    final Matcher pattern;
    final Set<String> seen;
    final Tally typeT;
    final Tally nullT;
    final Tally minT;
    final Tally maxT;
    final Tally allowedT;
    final Tally patternT;
    final Tally uniqueT;
    long rows;
    long present;

    ColumnCheck(Schema.Column c, int index) {
      this.column = c;
      this.index = index;
      type = c.type() == null ? null : c.type().value();
      typeT = c.type() == null || type == ColumnType.STRING || type == ColumnType.CATEGORICAL ? null
          : new Tally("type", type.id(), c.type().mostly());
      nullT = c.nullable() == null || c.nullable().value() ? null : new Tally("nullable", false, c.nullable().mostly());
      minT = c.min() == null ? null : new Tally("min", c.min().value(), c.min().mostly());
      maxT = c.max() == null ? null : new Tally("max", c.max().value(), c.max().mostly());
      min = c.min() == null ? Double.NEGATIVE_INFINITY : c.min().value();
      max = c.max() == null ? Double.POSITIVE_INFINITY : c.max().value();
      number = minT != null || maxT != null;
      if (c.allowed() != null) {
        allowed = new HashSet<>(c.allowed().value());
        // 1 and 1.0 are the same allowed number
        allowedNumbers = new HashSet<>();
        for (String a : allowed) {
          double d = Numbers.parse(a);
          if (Double.isFinite(d)) {
            allowedNumbers.add(d);
          }
        }
        allowedT = new Tally("allowed", c.allowed().value(), c.allowed().mostly());
      } else {
        allowed = null;
        allowedNumbers = null;
        allowedT = null;
      }
      pattern = c.pattern() == null ? null : c.pattern().value().matcher("");
      patternT = c.pattern() == null ? null : new Tally("pattern", c.pattern().value().pattern(), c.pattern().mostly());
      boolean unique = c.unique() != null && c.unique().value();
      seen = unique ? new HashSet<>() : null;
      uniqueT = unique ? new Tally("unique", true, c.unique().mostly()) : null;
    }

    void check(String v, TableReader t) {
      rows++;
      if (Missing.is(v)) {
        if (nullT != null) {
          nullT.fail(t, v);
        }
        return;
      }
      present++;
      if (typeT != null && !type.accepts(v)) {
        typeT.fail(t, v);
      }
      if (number) {
        double d = Numbers.parse(v);
        if (d < min) {
          minT.fail(t, v);
        } else if (d > max) {
          maxT.fail(t, v);
        }
      }
      if (allowed != null && !allowed.contains(v)) {
        double d = allowedNumbers.isEmpty() ? Double.NaN : Numbers.parse(v);
        if (!allowedNumbers.contains(d)) {
          allowedT.fail(t, v);
        }
      }
      if (pattern != null && !pattern.reset(v).find()) {
        patternT.fail(t, v);
      }
      if (seen != null && !seen.add(v)) {
        uniqueT.fail(t, v);
      }
    }

    List<ValidationReport.Violation> violations() {
      List<ValidationReport.Violation> out = new ArrayList<>();
      add(out, typeT, present);
      add(out, nullT, rows);
      add(out, minT, present);
      add(out, maxT, present);
      add(out, allowedT, present);
      add(out, uniqueT, present);
      add(out, patternT, present);
      return out;
    }

    private void add(List<ValidationReport.Violation> out, Tally t, long checked) {
      ValidationReport.Violation v = t == null ? null : t.result(column.name(), checked);
      if (v != null) {
        out.add(v);
      }
    }
  }
}
