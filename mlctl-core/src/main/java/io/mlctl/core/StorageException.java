package io.mlctl.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The disk or the file system failed: a read, a write, a rename, a full disk. */
public class StorageException extends MlctlException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  /** Wraps an {@link IOException} raised while working on {@code path}, saying what was being done. */
  public static StorageException of(String doing, Path path, IOException cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.toString();
    return new StorageException("cannot " + doing + " " + path + ": " + reason, null, cause);
  }

  public static StorageException of(String doing, Path path, UncheckedIOException cause) {
    return of(doing, path, cause.getCause());
  }
}
