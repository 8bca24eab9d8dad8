package io.mlctl.core;

import java.util.Optional;

/**
 * The root of every failure mlctl core reports. Core knows nothing of exit codes: front ends map each
 * subclass to their own outcome (the CLI to an exit code, the server to an HTTP status).
 *
 * <p>The message says what went wrong in one line; the optional hint says what the user can do.
 * Control characters in them (a line break in a quoted YAML key, a carriage return a parser
 * quotes) are written as escapes such as {@code \n}, so the error stays one line and a terminal
 * never receives control codes from a file.
 */
public abstract class MlctlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;

  protected MlctlException(String message, String hint, Throwable cause) {
    super(oneLine(message), cause);
    this.hint = oneLine(hint);
  }

  protected MlctlException(String message, String hint) {
    this(message, hint, null);
  }

  /** What the user can do about it, if mlctl knows. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  /** {@code s} with every control character but the tab escaped. */
  static String oneLine(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        if (out == null) {
          out = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
