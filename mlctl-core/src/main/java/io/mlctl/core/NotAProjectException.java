package io.mlctl.core;

import java.nio.file.Path;

/** No mlctl project (a folder holding {@code .mlctl/}) at or above the given directory. */
public final class NotAProjectException extends MlctlException {
  private static final long serialVersionUID = 1L;

  public NotAProjectException(Path start) {
    super("not an mlctl project (or any of the parent directories): " + start,
        "run 'mlctl init' in the Git work tree first");
  }

  public NotAProjectException(String message, String hint) {
    super(message, hint);
  }
}
