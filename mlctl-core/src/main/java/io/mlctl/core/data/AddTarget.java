package io.mlctl.core.data;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.repo.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * One argument of {@code add}, checked: the data path to add (a tracked directory for a file in
 * it, the data for its pointer file), and whether it has no pointer yet, in which case the caller
 * still asks Git whether it tracks it.
 */
record AddTarget(Path path, boolean unpointed) {
  /** Checks {@code arg} (relative to {@code cwd}); bad input names it, before anything is written. */
  static AddTarget check(Workspace ws, Path cwd, String arg) {
    Path root = ws.root();
    Path abs = cwd.resolve(arg).toAbsolutePath().normalize();
    if (!abs.startsWith(root)) {
      throw new BadInputException("'" + arg + "' is outside the work tree " + root, "mlctl tracks data inside the project only");
    }
    if (abs.equals(root)) {
      throw new BadInputException("cannot add the project root itself", "add the data folders inside it");
    }
    String rel = ws.rel(abs);
    for (String part : rel.split("/")) {
      if (part.equals(".git") || part.equals(ProjectLayout.DIR)) {
        throw new BadInputException("'" + rel + "' is inside " + part + ", which mlctl never tracks",
            "add data files or folders of the work tree");
      }
    }
    String name = abs.getFileName().toString();
    if (name.endsWith(PointerFile.SUFFIX) && Files.isRegularFile(abs)) {
      abs = abs.resolveSibling(name.substring(0, name.length() - PointerFile.SUFFIX.length()));
      rel = ws.rel(abs);
    }
    PathSafety.checkInside(root, abs, "'" + arg + "'");
    for (Path p = abs.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
      Path pointer = p.resolveSibling(p.getFileName() + PointerFile.SUFFIX);
      if (Files.isRegularFile(pointer)) {
        // A file inside a tracked directory: the directory is re-added; unchanged files are not read.
        return new AddTarget(p, false);
      }
    }
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException("'" + rel + "' does not exist", null);
    }
    // Data that already has its pointer passed this check when it was first added.
    boolean pointed = Files.isRegularFile(abs.resolveSibling(abs.getFileName() + PointerFile.SUFFIX));
    return new AddTarget(abs, !pointed);
  }
}
