package io.mlctl.core.validate;

import io.mlctl.core.table.Numbers;

/**
 * What a column's values are. {@code integer}: an optional sign and digits. {@code numeric}: any
 * finite number ({@code 3}, {@code -0.5}, {@code 1e3}). {@code boolean}: {@code true} or
 * {@code false}, in any case. {@code categorical}: text from a short list (a schema usually names
 * it with {@code allowed}). {@code string}: any text. Missing values are never of the wrong type;
 * {@code nullable} decides whether they are allowed.
 */
public enum ColumnType {
  INTEGER, NUMERIC, BOOLEAN, CATEGORICAL, STRING;

  /** The name a schema file uses. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static ColumnType of(String id) {
    for (ColumnType t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    return null;
  }

  /** Whether a value that is not missing has this type. */
  boolean accepts(String v) {
    switch (this) {
      case INTEGER:
        return isInteger(v);
      case NUMERIC:
        return Double.isFinite(Numbers.parse(v));
      case BOOLEAN:
        return isBoolean(v);
      default:
        return true;
    }
  }

  static boolean isInteger(String v) {
    int n = v.length();
    int i = n > 0 && (v.charAt(0) == '-' || v.charAt(0) == '+') ? 1 : 0;
    if (i == n || n - i > 18) {
      return false;
    }
    for (; i < n; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static boolean isBoolean(String v) {
    return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
  }
}
