package io.mlctl.core.validate;

import io.mlctl.core.table.Missing;
import io.mlctl.core.table.Numbers;
import io.mlctl.core.table.TableReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes down what a data set holds, as a first schema for a person to edit: per column the
 * narrowest type every present value fits (integer, numeric, boolean, else categorical when it has
 * at most {@value #MAX_CATEGORIES} distinct values, else string), whether values are missing, the
 * range of numbers, the allowed values of a categorical column, and uniqueness when no value repeats
 * (only for integer and string columns: a numeric or categorical column that happens to have no
 * repeat in one file rarely means it). The row count may range from half to twice the rows read.
 * One pass; memory grows with the distinct values of columns still unique.
 */
public final class InferSchema {
  /** More distinct values than this and a text column is a free string, not a category. */
  static final int MAX_CATEGORIES = 20;

  /** The schema the data set at {@code data} (a CSV file or a request log) satisfies. */
  public Schema call(java.nio.file.Path data, String shownAs) {
    try (TableReader t = TableReader.open(data, shownAs)) {
      return call(t);
    }
  }

  /** The schema {@code table} satisfies. */
  public Schema call(TableReader table) {
    String[] header = table.header();
    Profile[] profiles = new Profile[header.length];
    for (int i = 0; i < header.length; i++) {
      profiles[i] = new Profile();
    }
    for (String[] row = table.next(); row != null; row = table.next()) {
      for (int i = 0; i < row.length; i++) {
        profiles[i].add(row[i]);
      }
    }
    long rows = table.rows();
    List<Schema.Column> columns = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      columns.add(profiles[i].column(header[i]));
    }
    return new Schema(new Schema.RowRange(rows / 2, rows * 2), false, columns);
  }

  /** What one column held. */
  private static final class Profile {
    long missing;
    long present;
    boolean integer = true;
    boolean numeric = true;
    boolean bool = true;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    /** Distinct values, first seen first, while there are at most MAX_CATEGORIES. */
    Set<String> categories = new LinkedHashSet<>();
    /** Every value so far, while none has repeated. */
    Set<String> seen = new HashSet<>();

    void add(String v) {
      if (Missing.is(v)) {
        missing++;
        return;
      }
      present++;
      if (numeric) {
        double d = Numbers.parse(v);
        if (Double.isFinite(d)) {
          min = Math.min(min, d);
          max = Math.max(max, d);
          integer &= ColumnType.isInteger(v);
          if (!integer) {
            // uniqueness is inferred for integer and string columns only: a column of decimals
            // would hold every value in memory to find out something rarely meant
            seen = null;
          }
        } else {
          numeric = false;
          integer = false;
        }
      }
      bool &= ColumnType.isBoolean(v);
      if (categories != null && categories.add(v) && categories.size() > MAX_CATEGORIES) {
        categories = null;
      }
      if (seen != null && !seen.add(v)) {
        seen = null;
      }
    }

    Schema.Column column(String name) {
      Schema.Check<Boolean> nullable = Schema.Check.of(missing > 0);
      if (present == 0) {
        return new Schema.Column(name, Schema.Check.of(ColumnType.STRING), nullable, null, null, null, null, null);
      }
      ColumnType type = bool ? ColumnType.BOOLEAN : integer ? ColumnType.INTEGER : numeric ? ColumnType.NUMERIC
          : categories != null ? ColumnType.CATEGORICAL : ColumnType.STRING;
      boolean number = type == ColumnType.INTEGER || type == ColumnType.NUMERIC;
      boolean unique = seen != null && present > 1 && (type == ColumnType.INTEGER || type == ColumnType.STRING);
      return new Schema.Column(name, Schema.Check.of(type), nullable,
          number ? Schema.Check.of(min) : null, number ? Schema.Check.of(max) : null,
          type == ColumnType.CATEGORICAL ? Schema.Check.of(List.copyOf(categories)) : null,
          unique ? Schema.Check.of(true) : null, null);
    }
  }
}
