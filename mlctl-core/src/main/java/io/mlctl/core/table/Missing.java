package io.mlctl.core.table;

/**
 * Which raw values count as missing: an empty or blank field, and the spellings that pandas,
 * R and SQL exports write for "no value": {@code NA}, {@code N/A}, {@code n/a}, {@code NaN},
 * {@code nan}, {@code NULL}, {@code null}, {@code None}, {@code <NA>}, {@code #N/A}. The list is
 * short on purpose: every extra spelling is a word some column may legitimately hold.
 */
public final class Missing {
  private Missing() {}

  /** Whether {@code v} (a raw field, possibly null) is a missing value. */
  public static boolean is(String v) {
    if (v == null) {
      return true;
    }
    int n = v.length();
    if (n == 0) {
      return true;
    }
    char c = v.charAt(0);
    // most values are numbers or words that start differently: one comparison settles them
    if (c != ' ' && c != '\t' && c != 'N' && c != 'n' && c != '<' && c != '#') {
      return false;
    }
    if (v.isBlank()) {
      return true;
    }
    switch (v) {
      case "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "None", "<NA>", "#N/A":
        return true;
      default:
        return false;
    }
  }
}
