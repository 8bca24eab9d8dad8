package io.mlctl.core;

/** An argument the user typed that mlctl cannot use: an unknown config key, a malformed value. */
public final class BadArgumentException extends MlctlException {
  private static final long serialVersionUID = 1L;

  public BadArgumentException(String message, String hint) {
    super(message, hint);
  }
}
