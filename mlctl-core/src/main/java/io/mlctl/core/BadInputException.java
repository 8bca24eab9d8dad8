package io.mlctl.core;

import java.nio.file.Path;

/**
 * Input mlctl cannot accept: a malformed file, an unknown name, a path that leaves the work tree.
 * When the input is a file, the message names it and, where known, the line and column.
 */
public class BadInputException extends MlctlException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message, String hint) {
    super(message, hint);
  }

  public BadInputException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  /**
   * A problem at a place in a file.
   *
   * @param file the file as the user would name it (relative to the project root where possible)
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   */
  public static BadInputException at(String file, int line, int column, String what, String hint) {
    StringBuilder where = new StringBuilder(file);
    if (line > 0) {
      where.append(':').append(line);
      if (column > 0) {
        where.append(':').append(column);
      }
    }
    return new BadInputException(where + ": " + what, hint);
  }

  public static BadInputException at(Path file, int line, int column, String what, String hint) {
    return at(file.toString().replace('\\', '/'), line, column, what, hint);
  }
}
