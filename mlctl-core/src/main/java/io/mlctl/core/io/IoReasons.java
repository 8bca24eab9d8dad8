package io.mlctl.core.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Says in words why a file operation failed, for the one-line errors users read: "permission
 * denied", "no space left on device", never a Java class name. The JDK's exceptions carry the
 * reason in different places (a {@link FileSystemException}'s message is often only the path).
 */
public final class IoReasons {
  private IoReasons() {}

  public static String of(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "it already exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the folder is not empty";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof CharacterCodingException) {
      return "not valid UTF-8";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return lowerFirst(f.getReason());
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return "an input/output error";
    }
    return lowerFirst(m.lines().findFirst().orElse(m).strip());
  }

  /**
   * The reason with the file it concerns, {@code PATH: reason}, where the exception names one (a
   * rename names both); the reason alone where it does not.
   */
  public static String withFile(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile().replace('\\', '/');
      return f.getFile().replace('\\', '/') + other + ": " + of(e);
    }
    return of(e);
  }

  private static String lowerFirst(String s) {
    // "No space left on device" reads as part of a sentence; "S3 ..." and "HTTP ..." keep theirs.
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
