package io.mlctl.core;

import java.util.Optional;

/**
 * The root of every failure mlctl core reports. Core knows nothing of exit codes: front ends map each
 * subclass to their own outcome (the CLI to an exit code, the server to an HTTP status).
 *
 * <p>The message says what went wrong in one line; the optional hint says what the user can do.
 */
public abstract class MlctlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;

  protected MlctlException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  protected MlctlException(String message, String hint) {
    this(message, hint, null);
  }

  /** What the user can do about it, if mlctl knows. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
