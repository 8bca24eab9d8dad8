package io.mlctl.core.table;

import io.mlctl.core.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chosen columns of a data set loaded whole into primitive arrays, for statistics that need every
 * value at once (drift): a numeric column as {@code double[]} with NaN for a missing value, a
 * categorical one as {@code String[]} with null for a missing value (equal categories share one
 * String, so a million rows of a few categories cost a million references). A column asked for as
 * {@link Kind#AUTO} is numeric when every value that is not missing is a finite number; one found
 * not to be partway through is read again from the start as categorical. Immutable once loaded;
 * the arrays returned are the loaded ones, not copies.
 */
public final class TableColumns {
  /** How a column is to be read. */
  public enum Kind { NUMERIC, CATEGORICAL, AUTO }

  private final List<String> names;
  private final Map<String, Object> values;
  private final long rows;

  private TableColumns(List<String> names, Map<String, Object> values, long rows) {
    this.names = names;
    this.values = values;
    this.rows = rows;
  }

  /** Loads the named columns (every column when {@code columns} is null) of a file or request log. */
  public static TableColumns load(Path path, String shownAs, List<String> columns, Map<String, Kind> kinds) {
    return load(() -> TableReader.open(path, shownAs), columns, kinds);
  }

  /**
   * Loads the named columns from {@code source}, which is opened once, and once more only when an
   * {@code AUTO} column turns out not to be numeric.
   *
   * @param columns the columns in the order wanted, or null for every column
   * @param kinds how to read each column; a column not in the map is {@code AUTO}
   */
  public static TableColumns load(Supplier<TableReader> source, List<String> columns, Map<String, Kind> kinds) {
    List<String> names;
    Builder[] builders;
    long rows;
    List<Builder> flipped = new ArrayList<>();
    try (TableReader r = source.get()) {
      names = columns == null ? List.of(r.header()) : List.copyOf(columns);
      builders = new Builder[names.size()];
      for (int i = 0; i < builders.length; i++) {
        int col = r.column(names.get(i));
        if (col < 0) {
          throw BadInputException.at(r.shownAs(), 1, 0, "no column '" + names.get(i) + "'", "the header has " + String.join(", ", r.header()));
        }
        builders[i] = new Builder(col, kinds.getOrDefault(names.get(i), Kind.AUTO));
      }
      for (String[] row = r.next(); row != null; row = r.next()) {
        for (Builder b : builders) {
          b.add(row[b.column], r);
        }
      }
      rows = r.rows();
    }
    for (Builder b : builders) {
      if (b.flippedAt > 0) {
        flipped.add(b);
      }
    }
    if (!flipped.isEmpty()) {
      // values read as numbers before the first word cannot be turned back into their text
      // ("1.50" is not "1.5"), so the rows before it are read again
      try (TableReader r = source.get()) {
        String[] row;
        for (int i = 0; (row = r.next()) != null && i < rows; i++) {
          for (Builder b : flipped) {
            if (i < b.flippedAt) {
              b.strings[i] = b.intern(row[b.column]);
            }
          }
        }
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < builders.length; i++) {
      values.put(names.get(i), builders[i].result());
    }
    return new TableColumns(names, values, rows);
  }

  /** The loaded column names, in order. */
  public List<String> names() {
    return names;
  }

  /** The number of rows. */
  public long rows() {
    return rows;
  }

  /** Whether the column was read as numbers. */
  public boolean isNumeric(String name) {
    return value(name) instanceof double[];
  }

  /** A numeric column's values, NaN where missing. */
  public double[] numeric(String name) {
    if (value(name) instanceof double[] d) {
      return d;
    }
    throw new IllegalStateException("column '" + name + "' is categorical");
  }

  /** A categorical column's values, null where missing. */
  public String[] categorical(String name) {
    if (value(name) instanceof String[] s) {
      return s;
    }
    throw new IllegalStateException("column '" + name + "' is numeric");
  }

  private Object value(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("column '" + name + "' was not loaded");
    }
    return v;
  }

  /** One column as it grows. */
  private static final class Builder {
    final int column;
    final Kind kind;
    double[] numbers;
    String[] strings;
    int size;
    /** The row at which an AUTO column met its first word; 0 when it never did. */
    int flippedAt;
    private final Map<String, String> seen = new HashMap<>();

    Builder(int column, Kind kind) {
      this.column = column;
      this.kind = kind;
      if (kind == Kind.CATEGORICAL) {
        strings = new String[1024];
      } else {
        numbers = new double[1024];
      }
    }

    void add(String v, TableReader r) {
      if (strings != null) {
        if (size == strings.length) {
          strings = Arrays.copyOf(strings, size * 2);
        }
        strings[size++] = intern(v);
        return;
      }
      double d;
      if (Missing.is(v)) {
        d = Double.NaN;
      } else {
        d = Numbers.parse(v);
        if (!Double.isFinite(d)) {
          if (kind == Kind.NUMERIC) {
            throw r.errorAt(column, "'" + v + "' is not a number", "the column is read as numbers");
          }
          flippedAt = size;
          strings = new String[numbers.length];
          numbers = null;
          strings[size++] = intern(v);
          return;
        }
      }
      if (size == numbers.length) {
        numbers = Arrays.copyOf(numbers, size * 2);
      }
      numbers[size++] = d;
    }

    String intern(String v) {
      return Missing.is(v) ? null : seen.computeIfAbsent(v, k -> k);
    }

    Object result() {
      return strings != null ? Arrays.copyOf(strings, size) : Arrays.copyOf(numbers, size);
    }
  }
}
