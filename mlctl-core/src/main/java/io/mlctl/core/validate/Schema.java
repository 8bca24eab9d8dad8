package io.mlctl.core.validate;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a data set is expected to hold, in the spirit of Great Expectations: per column a type,
 * nullability, a range, allowed values, uniqueness and a pattern, and a range for the row count.
 * Every column rule may carry a {@code mostly} fraction: the rule holds when at least that share of
 * the values it looks at pass. Immutable.
 *
 * @param rows the allowed row count, or null for any
 * @param extraColumns whether the data may have columns the schema does not name
 * @param columns the column rules, in file order
 */
public record Schema(RowRange rows, boolean extraColumns, List<Column> columns) {
  public Schema {
    columns = List.copyOf(columns);
  }

  /** Inclusive bounds on the row count; either may be null. */
  public record RowRange(Long min, Long max) {}

  /**
   * One rule's expected value and the share of values that must meet it.
   *
   * @param mostly from 0 to 1; 1 means every value
   */
  public record Check<T>(T value, double mostly) {
    public static <T> Check<T> of(T value) {
      return new Check<>(value, 1.0);
    }
  }

  /** The rules of one column; a null rule is not checked. */
  public record Column(String name, Check<ColumnType> type, Check<Boolean> nullable, Check<Double> min, Check<Double> max,
      Check<List<String>> allowed, Check<Boolean> unique, Check<Pattern> pattern) {}
}
