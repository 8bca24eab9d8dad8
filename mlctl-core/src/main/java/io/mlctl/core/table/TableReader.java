package io.mlctl.core.table;

import io.mlctl.core.BadInputException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A data set read one row at a time, so files larger than memory stream through: a CSV file with
 * a header row, or the request log a server writes under {@code .mlctl/serve/}. Every row has one
 * raw value per header column, exactly as written (an empty field is {@code ""}, never null);
 * whether a value counts as missing is {@link Missing#is}'s decision, so a reader never rewrites
 * data that is passed on (a split keeps {@code NA} as {@code NA}). Errors name the file, line and
 * column. Not thread-safe.
 */
public interface TableReader extends AutoCloseable {
  /**
   * Opens a data set by what {@code path} is: a folder or a {@code .jsonl} file is a request log
   * (primary and canary traffic, see {@link RequestLogTable}), anything else a CSV file.
   *
   * @param shownAs how messages name the path
   */
  static TableReader open(Path path, String shownAs) {
    if (Files.isDirectory(path) || path.getFileName() != null && path.getFileName().toString().endsWith(".jsonl")) {
      return RequestLogTable.open(path, shownAs, RequestLogTable.Options.DEFAULT);
    }
    return CsvTable.open(path, shownAs);
  }

  /** A CSV table read from {@code in}. */
  static TableReader csv(Reader in, String shownAs) {
    return CsvTable.of(in, shownAs);
  }

  /** The column names, in file order. */
  String[] header();

  /** The column's index in the header, or -1. */
  default int column(String name) {
    String[] h = header();
    for (int i = 0; i < h.length; i++) {
      if (h[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** How messages name the file the last row came from. */
  String shownAs();

  /** The next row (one raw value per column), or null at the end. */
  String[] next();

  /** The 1-based line the last row returned started on, in the file {@link #shownAs()} names. */
  int line();

  /** Rows returned so far. */
  long rows();

  /** Makes messages name {@code line}: for a caller that buffered rows and handles them later. */
  void pointAt(int line);

  /** An error about the value in {@code column} (0-based) of the last row. */
  default BadInputException errorAt(int column, String what, String hint) {
    return BadInputException.at(shownAs(), line(), column + 1, what + " in column '" + header()[column] + "'", hint);
  }

  @Override
  void close();
}
