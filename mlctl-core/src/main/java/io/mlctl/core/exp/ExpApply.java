package io.mlctl.core.exp;

import io.mlctl.core.BadInputException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mlctl exp apply RUN}: puts back the parameter files, {@code mlctl.lock} and the outputs a
 * run ended with, from the cache, so the work tree is as the run left it and {@code status} finds
 * the pipeline up to date. Every object is checked to be in the cache before anything is
 * written. Takes the repository lock.
 */
public final class ExpApply {
  private final Project project;

  public ExpApply(Project project) {
    this.project = project;
  }

  /** The run applied and the files written, project-relative. */
  public record Result(RunRecord run, List<String> restored) {}

  public Result call(String runId) {
    try (RepoLock lock = project.lock()) {
      RunRecord run = new RunStore(project.layout().runs()).get(runId);
      Workspace ws = new Workspace(project);
      ObjectStore store = ws.store();
      Map<String, String> files = new LinkedHashMap<>(run.paramFiles());
      Map<String, Output> outs = new LinkedHashMap<>();
      if (run.lockFile() != null) {
        files.put(LockFile.NAME, run.lockFile());
        require(store, run, LockFile.NAME, run.lockFile());
        Map<String, LockEntry> lockAfter = LockFile.parse(new String(store.readVerified(run.lockFile()), StandardCharsets.UTF_8),
            "the mlctl.lock of run " + run.id());
        for (LockEntry e : lockAfter.values()) {
          e.outs().stream().filter(o -> run.outs().containsKey(o.path())).forEach(o -> outs.put(o.path(), o));
        }
      }
      if (files.isEmpty() && outs.isEmpty()) {
        throw new BadInputException("run " + run.id() + " recorded no files to apply", "it may have been recorded by a stage log alone");
      }
      // Check first, write after: a missing object must leave the work tree as it was.
      files.forEach((path, hash) -> {
        checkPath(run, path);
        require(store, run, path, hash);
      });
      Map<String, Manifest> manifests = new LinkedHashMap<>();
      for (Output o : outs.values()) {
        checkPath(run, o.path());
        require(store, run, o.path(), o.sha256());
        if (o.dir()) {
          Manifest m = ws.manifest(o.sha256(), o.path()).orElseThrow();
          m.entries().forEach(e -> require(store, run, o.path() + "/" + e.path(), e.sha256()));
          manifests.put(o.path(), m);
        }
      }
      List<String> restored = new ArrayList<>();
      for (Map.Entry<String, String> f : files.entrySet()) {
        copyOut(store, f.getValue(), ws.root().resolve(f.getKey()));
        restored.add(f.getKey());
      }
      for (Output o : outs.values()) {
        Path target = ws.root().resolve(o.path());
        if (!o.dir()) {
          copyOut(store, o.sha256(), target);
        } else {
          for (Manifest.Entry e : manifests.get(o.path()).entries()) {
            copyOut(store, e.sha256(), target.resolve(e.path()));
          }
        }
        restored.add(o.path());
      }
      return new Result(run, restored);
    }
  }

  private static void copyOut(ObjectStore store, String hash, Path target) {
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target) && !Files.isWritable(target)) {
        // A hard- or symlinked output is read-only; the copy replaces it rather than writing through it.
        Files.delete(target);
      }
    } catch (IOException e) {
      throw io.mlctl.core.StorageException.of("prepare", target, e);
    }
    store.copyOut(hash, target);
  }

  private static void checkPath(RunRecord run, String path) {
    String problem = PathSafety.rootProblem(path);
    if (problem != null) {
      throw new BadInputException("run " + run.id() + ": " + problem, null);
    }
  }

  private static void require(ObjectStore store, RunRecord run, String path, String hash) {
    if (!store.contains(hash)) {
      throw new BadInputException("run " + run.id() + ": " + path + " (" + hash.substring(0, Math.min(12, hash.length()))
          + ") is not in the cache", "mlctl pull may fetch it; nothing was changed");
    }
  }
}
