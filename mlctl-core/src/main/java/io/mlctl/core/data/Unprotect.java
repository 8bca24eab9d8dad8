package io.mlctl.core.data;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.repo.RepoLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mlctl unprotect}: replaces hard- or symlinked work-tree files with writable copies of the
 * same bytes, so they can be edited without touching the cache. Takes the write lock.
 */
public final class Unprotect {
  private final Workspace ws;

  public Unprotect(Workspace ws) {
    this.ws = ws;
  }

  /** The files made writable copies. */
  public List<String> call(Path cwd, List<String> targets) {
    if (targets.isEmpty()) {
      throw new BadInputException("nothing to unprotect", "name tracked files or directories");
    }
    try (RepoLock lock = ws.project().lock()) {
      List<String> done = new ArrayList<>();
      for (String target : targets) {
        Workspace.Target t = ws.resolve(cwd, target);
        Tracked tr = t.tracked();
        if (!tr.output().dir()) {
          unprotect(tr.path(), tr.data(), tr.output().sha256(), done);
          continue;
        }
        Manifest m = ws.manifest(tr.output().sha256(), tr.path()).orElseThrow(() ->
            new BadInputException("the manifest of '" + tr.path() + "' is not in the cache", null));
        for (Manifest.Entry e : m.entries()) {
          if (t.whole() || e.path().equals(t.inside()) || e.path().startsWith(t.inside() + "/")) {
            unprotect(tr.path() + "/" + e.path(), tr.data().resolve(e.path()), e.sha256(), done);
          }
        }
      }
      ws.hashes().flush();
      return done;
    }
  }

  private void unprotect(String shown, Path file, String hash, List<String> done) {
    if (!Files.exists(file)) {
      return;
    }
    if (Files.isSymbolicLink(file) || !Files.isWritable(file) || isHardLinked(file)) {
      Linker.unprotect(ws.store(), hash, file);
      ws.hashes().forget(shown);
      done.add(shown);
    }
  }

  private static boolean isHardLinked(Path file) {
    try {
      Object n = Files.getAttribute(file, "unix:nlink");
      return n instanceof Integer i && i > 1;
    } catch (Exception notUnix) {
      return false;
    }
  }
}
