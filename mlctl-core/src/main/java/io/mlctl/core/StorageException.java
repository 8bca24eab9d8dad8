package io.mlctl.core;

import io.mlctl.core.io.IoReasons;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The disk or the file system failed: a read, a write, a rename, a full disk. */
public class StorageException extends MlctlException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  /**
   * Wraps an {@link IOException} raised while working on {@code path}, saying what was being done
   * and why it failed in words. A file that is not valid UTF-8 is bad input, not a disk failure.
   */
  public static MlctlException of(String doing, Path path, IOException cause) {
    String what = "cannot " + doing + " " + path.toString().replace('\\', '/') + ": " + IoReasons.of(cause);
    if (cause instanceof CharacterCodingException) {
      return new BadInputException(what, "mlctl reads its files as UTF-8", cause);
    }
    return new StorageException(what, null, cause);
  }

  public static MlctlException of(String doing, Path path, UncheckedIOException cause) {
    return of(doing, path, cause.getCause());
  }
}
