package io.mlctl.core.pointer;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.repo.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Guards every path that comes from a file mlctl reads (pointers, manifests, pipelines, the lock,
 * run records) before anything is written: relative, '/'-separated, no '..', no empty or '.'
 * parts, no part that a file system takes for {@code .git}, nothing under the project's own
 * {@code .mlctl/}, and no symlink on the way that leads out of the work tree.
 *
 * <p>The {@code .git} rule is Git's own for paths it writes ({@code verify_path}): a pointer in a
 * repository someone else wrote must never replace {@code .git/config} or a hook, since Git runs
 * commands named there.
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
          "paths in pointers and manifests are relative to the pointer's folder, never climb out with '..' and never name .git");
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
    if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
      return "path '" + path.replace("\n", "\\n").replace("\r", "\\r") + "' contains a line break";
    }
    for (String part : path.split("/", -1)) {
      if (part.equals("..")) {
        return "path '" + path + "' leaves its folder through '..'";
      }
      if (part.isEmpty() || part.equals(".")) {
        return "path '" + path + "' has an empty or '.' part";
      }
      if (isDotGit(part)) {
        return "path '" + path + "' names a Git folder ('" + part + "')";
      }
    }
    return null;
  }

  /**
   * What is wrong with a path relative to the work tree's root, or null: everything {@link
   * #problem} checks, and no first part that is (or a file system folds to) {@code .mlctl}.
   */
  public static String rootProblem(String path) {
    String problem = problem(path);
    if (problem != null) {
      return problem;
    }
    int slash = path.indexOf('/');
    String first = slash < 0 ? path : path.substring(0, slash);
    if (folded(first).equals(ProjectLayout.DIR)) {
      return "path '" + path + "' lies inside mlctl's own folder " + ProjectLayout.DIR + "/";
    }
    return null;
  }

  /**
   * Checks a root-relative path read from a file.
   *
   * @param where names the file the path came from, for the error
   */
  public static String checkRootRelative(String path, String where) {
    String problem = rootProblem(path);
    if (problem != null) {
      boolean lineBreak = path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0;
      throw new BadInputException(where.replace("\n", "\\n").replace("\r", "\\r") + ": " + problem,
          lineBreak ? "rename it: paths mlctl records hold no line breaks" : "mlctl writes only inside the work tree, never into .git or .mlctl");
    }
    return path;
  }

  /**
   * Whether a path part is {@code .git} as some file system would read it: in any letter case,
   * with trailing dots or spaces (Windows drops them), with an NTFS stream suffix ({@code
   * .git::$INDEX_ALLOCATION}), with characters HFS+ ignores, or as the 8.3 short name {@code
   * git~1}.
   */
  public static boolean isDotGit(String part) {
    String f = folded(part);
    return f.equals(".git") || f.equals("git~1");
  }

  /** A path part the way case-insensitive, dot-trimming and ignorable-dropping file systems see it. */
  private static String folded(String part) {
    int colon = part.indexOf(':');
    String s = colon < 0 ? part : part.substring(0, colon);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!hfsIgnorable(c)) {
        b.append(c);
      }
    }
    int end = b.length();
    while (end > 0 && (b.charAt(end - 1) == '.' || b.charAt(end - 1) == ' ')) {
      end--;
    }
    return b.substring(0, end).toLowerCase(java.util.Locale.ROOT);
  }

  /** The code points HFS+ leaves out when it compares names (as Git's is_hfs_dotgit lists them). */
  private static boolean hfsIgnorable(char c) {
    return (c >= '\u200c' && c <= '\u200f') || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u206a' && c <= '\u206f') || c == '\ufeff';
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
    if (!abs.equals(root)) {
      checkRootRelative(root.relativize(abs).toString().replace('\\', '/'), where);
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
