package io.mlctl.core.validate;

import java.util.List;

/**
 * What {@link Validate} found. Immutable.
 *
 * @param file the data as messages name it
 * @param rows the rows read
 * @param violations the rules that did not hold, in schema order (the row count last)
 */
public record ValidationReport(String file, long rows, List<Violation> violations) {
  public ValidationReport {
    violations = List.copyOf(violations);
  }

  public boolean valid() {
    return violations.isEmpty();
  }

  /**
   * A rule that did not hold.
   *
   * @param column the column, or null for a rule on the whole table ({@code rows})
   * @param rule {@code exists}, {@code extra_column}, {@code type}, {@code nullable}, {@code min},
   *     {@code max}, {@code allowed}, {@code unique}, {@code pattern} or {@code rows}
   * @param expected the rule's value as the schema gives it
   * @param count the values that failed (for {@code rows}: the row count)
   * @param checked the values the rule looked at (missing values only count for {@code nullable})
   * @param mostly the share of values that had to pass
   * @param examples the first few failing values with their lines
   */
  public record Violation(String column, String rule, Object expected, long count, long checked, double mostly, List<Example> examples) {
    public Violation {
      examples = List.copyOf(examples);
    }
  }

  /** A failing value and the line its row starts on (0 when the rule is about a whole column). */
  public record Example(int line, String value) {}
}
