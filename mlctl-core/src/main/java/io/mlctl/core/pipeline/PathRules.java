package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.repo.ProjectLayout;

/** Checks on the paths a stage names. */
final class PathRules {
  private PathRules() {}

  /**
   * The output path, normalised; rejects absolute paths, '..' and paths inside a Git folder (in
   * any spelling a file system folds to {@code .git}) or inside .mlctl.
   */
  static String checkOut(Stage s, String path) {
    String p = normal(s, "output", path);
    String problem = PathSafety.rootProblem(p);
    if (problem != null) {
      String where = PathSafety.problem(p) != null ? "a Git folder" : ProjectLayout.DIR;
      throw new BadInputException("stage '" + s.name() + "': output '" + p + "' is inside " + where,
          "outputs live in the work tree, never in .git or .mlctl");
    }
    return p;
  }

  static String checkDep(Stage s, String path) {
    return normal(s, "dependency", path);
  }

  /**
   * {@code path} with '/' separators, without '.' segments, repeated or trailing slashes. Written
   * without regular expressions: a repro checks every path of every stage, on a cold JVM.
   */
  private static String normal(Stage s, String what, String path) {
    String p = path.replace('\\', '/');
    if (p.startsWith("/") || hasDriveLetter(p)) {
      throw notRelative(s, what, path);
    }
    StringBuilder out = new StringBuilder(p.length());
    int start = 0;
    while (start <= p.length()) {
      int end = p.indexOf('/', start);
      if (end < 0) {
        end = p.length();
      }
      if (end - start == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.') {
        throw new BadInputException("stage '" + s.name() + "': " + what + " '" + path + "' may not contain '..'", null);
      }
      boolean skip = end == start || (end - start == 1 && p.charAt(start) == '.');
      if (!skip) {
        if (out.length() > 0) {
          out.append('/');
        }
        out.append(p, start, end);
      }
      start = end + 1;
    }
    if (out.length() == 0) {
      throw notRelative(s, what, path);
    }
    return out.toString();
  }

  private static BadInputException notRelative(Stage s, String what, String path) {
    return new BadInputException("stage '" + s.name() + "': " + what + " '" + path + "' must be a path relative to the root", null);
  }

  /** Whether {@code p} starts like {@code C:}, a Windows drive. */
  private static boolean hasDriveLetter(String p) {
    if (p.length() < 2 || p.charAt(1) != ':') {
      return false;
    }
    char c = p.charAt(0);
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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
    if (p.startsWith("/") || hasDriveLetter(p)) {
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
