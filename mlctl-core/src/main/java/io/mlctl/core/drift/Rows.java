package io.mlctl.core.drift;

/**
 * A data set read one row at a time, as drift reads it: a header and rows of raw values (an empty
 * field is {@code ""}; a JSON null is {@code null}). Not thread-safe.
 */
interface Rows extends AutoCloseable {
  String[] header();

  /** The next row (one raw value per header column), or null at the end. */
  String[] next();

  /** The 1-based line the last row started on, in the file {@link #shownAs()} names. */
  int line();

  /** How messages name the file the last row came from. */
  String shownAs();

  @Override
  void close();
}
