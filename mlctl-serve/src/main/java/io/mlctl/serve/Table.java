package io.mlctl.serve;

/**
 * The instances of one request as a wire protocol carries them, before they are checked: a value
 * per instance and feature, whatever the payload's shape (records, columns and rows, tensors,
 * CSV). A value is a Jackson node, a String for text that holds numbers as text (CSV), a Double
 * from a numeric tensor (never a category), or {@link #MISSING}. Read-only, so a shadow model may read it on another thread
 * after the request is answered.
 */
interface Table {
  /** A feature the instance does not carry. */
  Object MISSING = new Object();

  int rows();

  /**
   * The value of a feature in instance {@code row}: found by {@code name} in named payloads, by
   * {@code position} (in the card's order) in positional ones (rows of bare values, a matrix).
   */
  Object value(int row, int position, String name);

  /**
   * A feature the instance carries that {@code scorer}'s model does not read (nor its label), or
   * null: asked only under {@code --strict}.
   */
  String unknown(int row, Scorer scorer);
}
