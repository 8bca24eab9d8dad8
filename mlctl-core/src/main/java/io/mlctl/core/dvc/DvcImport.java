package io.mlctl.core.dvc;

import io.mlctl.core.BadInputException;
import io.mlctl.core.data.GitIgnore;
import io.mlctl.core.data.Tracked;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.dvc.DvcImportResult.Converted;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.NotConverted;
import io.mlctl.core.dvc.DvcImportResult.State;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.repo.Discovery;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code mlctl import-dvc}: turns the DVC project in a folder into an mlctl project in place.
 * {@code .dvc} files become pointers, the root {@code dvc.yaml} becomes stages of mlctl.yaml and
 * {@code dvc.lock} entries of mlctl.lock, and the bytes they name (from the work tree, else from
 * DVC's cache, MD5 checked either way) go into mlctl's cache under their SHA-256.
 *
 * <p>Every DVC file is read and every path in it checked before anything is written, so bad input
 * changes nothing. DVC's own files, its cache and its remotes are only read: they stay as they
 * were. mlctl files that exist are never overwritten: a pointer, stage or lock entry that mlctl
 * already records the same way is reported unchanged, one it records otherwise is kept as it is.
 * So running it again converts only what is new. Takes the write lock.
 */
public final class DvcImport {
  private final Path root;
  private final Clock clock;
  private final Map<String, String> env;

  /** @param dir the DVC project's root (the folder holding {@code .dvc/}) */
  public DvcImport(Path dir, Clock clock, Map<String, String> env) {
    this.root = dir.toAbsolutePath().normalize();
    this.clock = clock;
    this.env = env;
  }

  public DvcImportResult call() {
    if (!Files.isDirectory(root.resolve(".dvc"))) {
      throw new BadInputException("not a DVC project: " + root + " has no .dvc folder",
          "run import-dvc in the folder where 'dvc init' was run, or name it: mlctl import-dvc PATH");
    }
    Optional<Path> project = Discovery.findProjectRoot(root);
    if (project.isPresent() && !project.get().equals(root)) {
      throw new BadInputException(root + " is inside the mlctl project at " + project.get(),
          "import-dvc makes the DVC project's own folder the mlctl project");
    }
    List<NotConverted> skipped = new ArrayList<>();
    DvcPlan plan = DvcPlan.read(root, skipped);
    boolean initialised = project.isEmpty();
    if (initialised) {
      new Init(root).noGit(Discovery.gitWorkTree(root).isEmpty()).call();
    }
    List<Converted> converted = new ArrayList<>();
    try (Project p = Project.open(root, clock, env); RepoLock lock = p.lock()) {
      Workspace ws = new Workspace(p);
      DvcBytes bytes = new DvcBytes(root, plan.cache(), ws.store());
      for (DvcOut out : plan.pointers()) {
        pointer(ws, bytes, out, converted, skipped);
      }
      PipelineMerge merge = plan.pipeline();
      if (merge != null) {
        if (merge.text() != null) {
          AtomicFiles.writeString(p.layout().pipeline(), merge.text());
        }
        converted.addAll(merge.items());
        locks(plan, merge, bytes, converted, skipped);
      }
    }
    return new DvcImportResult(initialised, converted, skipped);
  }

  /** Writes the pointer of one output of a .dvc file, unless mlctl tracks that path already. */
  private void pointer(Workspace ws, DvcBytes bytes, DvcOut out, List<Converted> converted, List<NotConverted> skipped) {
    String pointerRel = out.path() + PointerFile.SUFFIX;
    Path pointer = root.resolve(pointerRel);
    String name = DvcPaths.name(out.path());
    boolean exists = Files.exists(pointer);
    DvcBytes.Found found = bytes.output(out, name, !exists);
    String source = out.source() + ": " + out.path();
    if (exists && !found.ok()) {
      converted.add(new Converted(Kind.POINTER, source, pointerRel, State.KEPT,
          "mlctl already tracks this path; the bytes DVC recorded are not here"));
      return;
    }
    if (!found.ok()) {
      skipped.add(new NotConverted(Kind.OUTPUT, out.source(), "output '" + out.path() + "'",
          "neither the work tree nor DVC's cache holds the bytes DVC recorded for " + found.missing()
              + "; run 'dvc pull' first, then import-dvc again"));
      return;
    }
    if (exists) {
      boolean same = ws.readPointer(pointer).stream().map(Tracked::output).anyMatch(found.output()::equals);
      converted.add(new Converted(Kind.POINTER, source, pointerRel, same ? State.UNCHANGED : State.KEPT,
          same ? null : "mlctl already tracks other content there"));
      return;
    }
    AtomicFiles.writeString(pointer, PointerFile.text(List.of(found.output())));
    GitIgnore.ensure(pointer.getParent(), name);
    converted.add(new Converted(Kind.POINTER, source, pointerRel, State.CONVERTED, null));
  }

  /** Adds the lock entries of converted stages that mlctl.lock does not have yet. */
  private void locks(DvcPlan plan, PipelineMerge merge, DvcBytes bytes, List<Converted> converted,
      List<NotConverted> skipped) {
    LockFile lockFile = new LockFile(root);
    Map<String, LockEntry> entries = new TreeMap<>(lockFile.read());
    boolean changed = false;
    for (LockConversion.Planned planned : plan.lock()) {
      Stage s = merge.importable().get(planned.stage());
      if (s == null) {
        continue;
      }
      List<String> notes = new ArrayList<>();
      LockEntry entry = LockConversion.entry(planned, s, bytes, skipped, notes);
      for (Stage.Out o : s.outs()) {
        Path data = root.resolve(o.path());
        if (o.cache() && Files.exists(data)) {
          GitIgnore.ensure(data.getParent(), data.getFileName().toString());
        }
      }
      String source = LockConversion.FILE + ": stage '" + planned.stage() + "'";
      LockEntry before = entries.get(planned.stage());
      if (before != null) {
        boolean same = before.equals(entry);
        converted.add(new Converted(Kind.LOCK_ENTRY, source, LockFile.NAME, same ? State.UNCHANGED : State.KEPT,
            same ? null : "mlctl.lock already records another run of this stage"));
        continue;
      }
      entries.put(planned.stage(), entry);
      changed = true;
      converted.add(new Converted(Kind.LOCK_ENTRY, source, LockFile.NAME, State.CONVERTED,
          notes.isEmpty() ? null : "runs again: " + String.join("; ", notes)));
    }
    if (changed) {
      lockFile.write(entries);
    }
  }

  /** Reads a YAML file that must hold a mapping. */
  static Map<String, Object> yamlMap(Path root, String rel) {
    return YamlFiles.requireMap(YamlFiles.load(root.resolve(rel), rel), rel);
  }
}
