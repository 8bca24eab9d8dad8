package io.mlctl.core.pointer;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Guards every path that comes from a file mlctl reads (pointers, manifests, pipelines) before
 * anything is written: relative, '/'-separated, no '..', no empty or '.' parts, and no symlink
 * on the way that leads out of the work tree.
 */
public final class PathSafety {
  private PathSafety() {}

  /**
   * Checks a relative path string.
   *
   * @param where names the file the path came from, for the error
   */
  public static String checkRelative(String path, String where) {
    String problem = problem(path);
    if (problem != null) {
      throw new BadInputException(where + ": " + problem,
          "paths in pointers and manifests are relative to the pointer's folder and never contain '..'");
    }
    return path;
  }

  /** What is wrong with a relative path string, or null when nothing is. */
  public static String problem(String path) {
    if (path == null || path.isEmpty()) {
      return "empty path";
    }
    if (path.startsWith("/") || path.startsWith("\\") || isDrive(path)) {
      return "absolute path '" + path + "' is not allowed";
    }
    if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      return "path '" + path + "' contains a backslash or NUL";
    }
    for (String part : path.split("/", -1)) {
      if (part.equals("..")) {
        return "path '" + path + "' leaves its folder through '..'";
      }
      if (part.isEmpty() || part.equals(".")) {
        return "path '" + path + "' has an empty or '.' part";
      }
    }
    return null;
  }

  private static boolean isDrive(String path) {
    return path.length() > 1 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))
        && (path.length() == 2 || path.charAt(2) == '/');
  }

  /**
   * Checks that {@code target} stays inside {@code root} after following every symlink on the
   * way to it (the target itself may not exist yet).
   */
  public static void checkInside(Path root, Path target, String where) {
    Path abs = target.toAbsolutePath().normalize();
    if (!abs.startsWith(root)) {
      throw new BadInputException(where + ": '" + target + "' is outside the work tree", null);
    }
    try {
      Path realRoot = root.toRealPath();
      Path existing = abs;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return;
      }
      Path real = existing.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new BadInputException(where + ": '" + root.relativize(abs).toString().replace('\\', '/')
            + "' leaves the work tree through a symlink", "mlctl only reads and writes inside the work tree");
      }
    } catch (IOException e) {
      throw StorageException.of("resolve", abs, e);
    }
  }
}
