package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.repo.ProjectLayout;

/** Checks on the paths a stage names. */
final class PathRules {
  private PathRules() {}

  /** The output path, normalised; rejects absolute paths, '..' and paths inside .git or .mlctl. */
  static String checkOut(Stage s, String path) {
    String p = normal(s, "output", path);
    String first = p.split("/")[0];
    if (first.equals(".git") || first.equals(ProjectLayout.DIR)) {
      throw new BadInputException("stage '" + s.name() + "': output '" + p + "' is inside " + first,
          "outputs live in the work tree, never in .git or .mlctl");
    }
    return p;
  }

  static String checkDep(Stage s, String path) {
    return normal(s, "dependency", path);
  }

  private static String normal(Stage s, String what, String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty() || p.equals(".") || p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
      throw new BadInputException("stage '" + s.name() + "': " + what + " '" + path + "' must be a path relative to the root", null);
    }
    for (String part : p.split("/")) {
      if (part.equals("..")) {
        throw new BadInputException("stage '" + s.name() + "': " + what + " '" + path + "' may not contain '..'", null);
      }
    }
    return p.replaceAll("/\\./|//+", "/");
  }

  /** Whether {@code p} lies strictly inside the directory {@code dir}. */
  static boolean inside(String p, String dir) {
    return p.startsWith(dir + "/");
  }

  /**
   * {@code path} taken relative to the folder {@code dir} (itself relative to the root), as a
   * root-relative path with '.' and '..' resolved. Absolute paths and paths that climb above the
   * root come back unresolved, for the checks above to reject with the user's own spelling.
   */
  static String join(String dir, String path) {
    String p = path.replace('\\', '/');
    if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
      return path;
    }
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String part : (dir + "/" + p).split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return dir.equals(".") ? path : dir + "/" + path;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? "." : String.join("/", parts);
  }
}
