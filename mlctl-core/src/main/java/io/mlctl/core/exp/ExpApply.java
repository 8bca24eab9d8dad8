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
 * run ended with, from the cache, and the stages' dependencies that Git tracks (the code) as the
 * run's commit holds them, so the work tree is as the run left it and {@code status} finds the
 * pipeline up to date. Code with uncommitted changes is not overwritten unless forced: the
 * answer is then a refusal naming it, and nothing is written. Every object is checked to be in
 * the cache before anything is written. Takes the repository lock.
 */
public final class ExpApply {
  private final Project project;

  public ExpApply(Project project) {
    this.project = project;
  }

  /**
   * The run applied and the files written, project-relative; or, when {@code refused} is not
   * empty, the files with uncommitted changes that stopped it, and nothing written.
   *
   * @param code the files restored from the run's commit (also in {@code restored})
   * @param notes what could not be restored and why
   */
  public record Result(RunRecord run, List<String> restored, List<String> code, List<String> refused,
      List<String> notes) {
    public Result {
      restored = List.copyOf(restored);
      code = List.copyOf(code);
      refused = List.copyOf(refused);
      notes = List.copyOf(notes);
    }

    public Result(RunRecord run, List<String> restored) {
      this(run, restored, List.of(), List.of(), List.of());
    }
  }

  public Result call(String runId) {
    return call(runId, false);
  }

  /** @param force overwrite code with uncommitted changes */
  public Result call(String runId, boolean force) {
    try (RepoLock lock = project.lock()) {
      RunRecord run = new RunStore(project.layout().runs()).get(runId);
      List<String> notes = new ArrayList<>();
      Map<String, byte[]> code = code(run, notes);
      if (!force) {
        List<String> refused = uncommitted(code);
        if (!refused.isEmpty()) {
          return new Result(run, List.of(), List.of(), refused, notes);
        }
      }
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
      List<String> codeWritten = new ArrayList<>();
      for (Map.Entry<String, byte[]> c : code.entrySet()) {
        Path target = ws.root().resolve(c.getKey());
        if (!sameBytes(target, c.getValue())) {
          writeKeepingMode(target, c.getValue());
          codeWritten.add(c.getKey());
          restored.add(c.getKey());
        }
      }
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
      return new Result(run, restored, codeWritten, List.of(), notes);
    }
  }

  /**
   * The stages' dependencies that the run's commit holds in Git (code, as opposed to data that
   * mlctl tracks), with their bytes there.
   */
  private Map<String, byte[]> code(RunRecord run, List<String> notes) {
    if (run.commit() == null || run.deps().isEmpty()) {
      return Map.of();
    }
    java.util.Optional<io.mlctl.core.scm.GitRepo> git = io.mlctl.core.scm.GitRepo.open(project.root());
    if (git.isEmpty()) {
      return Map.of();
    }
    try (io.mlctl.core.scm.GitRepo g = git.get()) {
      if (g.commit(run.commit()).isEmpty()) {
        notes.add("the code was not restored: run " + run.label() + "'s commit " + run.commit().substring(0, 7)
            + " is not in this repository (git fetch brings it)");
        return Map.of();
      }
      run.deps().keySet().forEach(p -> checkPath(run, p));
      Map<String, byte[]> files = g.filesUnder(run.commit(), run.deps().keySet());
      files.keySet().forEach(p -> checkPath(run, p));
      return files;
    }
  }

  /** The code files that would change and hold changes Git has not committed. */
  private List<String> uncommitted(Map<String, byte[]> code) {
    List<String> differ = code.entrySet().stream()
        .filter(e -> !sameBytes(project.root().resolve(e.getKey()), e.getValue())).map(Map.Entry::getKey).toList();
    if (differ.isEmpty()) {
      return List.of();
    }
    try (io.mlctl.core.scm.GitRepo g = io.mlctl.core.scm.GitRepo.open(project.root()).orElseThrow()) {
      return List.copyOf(g.uncommitted(differ));
    }
  }

  // A script keeps its executable bit: the new file takes the old one's permissions.
  private static void writeKeepingMode(Path target, byte[] bytes) {
    try {
      java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = null;
      if (Files.exists(target) && target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        mode = Files.getPosixFilePermissions(target);
      }
      Files.createDirectories(target.getParent());
      io.mlctl.core.io.AtomicFiles.write(target, bytes);
      if (mode != null) {
        Files.setPosixFilePermissions(target, mode);
      }
    } catch (IOException e) {
      throw io.mlctl.core.StorageException.of("write", target, e);
    }
  }

  private static boolean sameBytes(Path p, byte[] bytes) {
    try {
      return Files.isRegularFile(p) && Files.size(p) == bytes.length && java.util.Arrays.equals(Files.readAllBytes(p), bytes);
    } catch (IOException e) {
      throw io.mlctl.core.StorageException.of("read", p, e);
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
