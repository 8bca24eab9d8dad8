package io.mlctl.core.dvc;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.PathSafety;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The checks every path read from a DVC file passes before import-dvc writes anything: it is
 * relative, stays inside the work tree once taken relative to its folder (DVC lets a stage's
 * paths climb out of its {@code wdir}, never out of the project), names no Git folder and nothing
 * under {@code .mlctl/}, and reaches no symlink that leads out of the work tree.
 */
final class DvcPaths {
  private static final String HINT = "import-dvc only reads and writes inside the work tree, never in .git or .mlctl";

  private DvcPaths() {}

  /**
   * The root-relative form of {@code path}, written relative to the folder {@code dir} (itself
   * root-relative, {@code .} for the root).
   *
   * @param file the DVC file the path came from, named in the error
   */
  static String rooted(Path root, String dir, String path, String file) {
    if (path == null || path.isEmpty()) {
      throw new BadInputException(file + ": empty path", HINT);
    }
    if (path.startsWith("/") || path.startsWith("\\") || (path.length() > 1 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0)))) {
      throw new BadInputException(file + ": absolute path '" + path + "' is not allowed", HINT);
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : (dir + "/" + path).split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new BadInputException(file + ": path '" + path + "' leaves the work tree through '..'", HINT);
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    if (parts.isEmpty()) {
      throw new BadInputException(file + ": path '" + path + "' names the project root itself", HINT);
    }
    String rel = String.join("/", parts);
    PathSafety.checkRootRelative(rel, file);
    PathSafety.checkInside(root, root.resolve(rel), file);
    return rel;
  }

  /** Like {@link #rooted}, for a path that must not climb at all (a {@code .dvc} file's output, as a pointer's). */
  static String rootedPlain(Path root, String dir, String path, String file) {
    String problem = PathSafety.problem(path);
    if (problem != null) {
      throw new BadInputException(file + ": " + problem, HINT);
    }
    return rooted(root, dir, path, file);
  }

  /** The folder holding a root-relative path ({@code .} for the root). */
  static String parent(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "." : rel.substring(0, slash);
  }

  static String name(String rel) {
    return rel.substring(rel.lastIndexOf('/') + 1);
  }
}
