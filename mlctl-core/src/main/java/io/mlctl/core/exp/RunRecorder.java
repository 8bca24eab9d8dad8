package io.mlctl.core.exp;

import io.mlctl.core.StorageException;
import io.mlctl.core.pipeline.ReproResult;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pipeline.StageObserver;
import io.mlctl.core.repo.Project;
import io.mlctl.core.scm.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records one run of the pipeline as its stages go: the record is written (status
 * {@code running}, with this process's id and start time) just before the first command starts,
 * each stage gets its own {@code MLCTL_LOG_FILE}, folded into the record when the stage ends, and
 * {@link #finish} completes it. A run of {@code repro} whose stages logged nothing leaves no
 * record. Thread-safe: stages run on several threads.
 */
final class RunRecorder implements StageObserver {
  private final Project project;
  private final RunStore store;
  private final RunRecord.Builder initial;
  private final boolean always;
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> succeeded = Collections.synchronizedSet(new HashSet<>());
  private final AtomicInteger files = new AtomicInteger();
  private boolean begun;

  /**
   * @param initial the record as it starts; a null {@code commit} is looked up when the first stage starts
   * @param always whether the run is recorded even when nothing was logged ({@code exp run})
   */
  RunRecorder(Project project, RunStore store, RunRecord.Builder initial, boolean always) {
    this.project = project;
    this.store = store;
    this.initial = initial;
    this.always = always;
  }

  String runId() {
    return initial.id;
  }

  /** Warnings about what the stages logged (a malformed log file line, say). */
  List<String> notes() {
    synchronized (notes) {
      return List.copyOf(notes);
    }
  }

  /** Writes the record as the run starts, once; before any stage's command can log into it. */
  synchronized void begin() {
    if (begun) {
      return;
    }
    RunRecord.Builder b = initial;
    if (b.commit == null) {
      // Before the first command runs, so nothing the run writes makes the tree look dirty.
      Optional<GitRepo> git = GitRepo.open(project.root());
      if (git.isPresent()) {
        try (GitRepo g = git.get()) {
          b.commit = g.headCommit().orElse(null);
          b.dirty = b.commit != null && g.isDirty();
        }
      }
    }
    if (b.name == null) {
      b.name = RunNames.generate(store.all());
    }
    b.status = RunRecord.RUNNING;
    b.pid = Processes.currentPid();
    b.pidStarted = Processes.currentStart();
    store.put(b.build());
    begun = true;
  }

  @Override
  public Path starting(Stage stage) {
    begin();
    Path dir = project.layout().tmp().resolve("runs").resolve(initial.id);
    // A file per stage turn, named by a counter: stage names may hold any character.
    Path file = dir.resolve(files.incrementAndGet() + ".jsonl");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw StorageException.of("create", file, e);
    }
    return file;
  }

  @Override
  public void ended(Stage stage, Path logFile, boolean ok) {
    if (ok) {
      succeeded.add(stage.name());
    }
    if (logFile == null) {
      return;
    }
    LogFile.Lines lines = LogFile.read(logFile, "stage " + stage.name() + ": MLCTL_LOG_FILE");
    notes.addAll(lines.warnings());
    if (!lines.isEmpty()) {
      long now = project.clock().millis();
      store.updateExisting(initial.id, r -> LogFile.fold(r, lines, stage.name(), now));
    }
    try {
      Files.deleteIfExists(logFile);
    } catch (IOException e) {
      // A leftover temporary file is harmless: the next run of the same id cannot happen.
    }
  }

  /**
   * Completes the record after the stages: how the run ended and what it produced.
   *
   * @param repro what repro did, or null when it stopped with an error
   * @return the record, or empty when there is none (a repro that logged nothing)
   */
  Optional<RunRecord> finish(ReproResult repro) {
    synchronized (this) {
      if (!begun && !always) {
        return Optional.empty();
      }
    }
    begin();
    removeLogFolder();
    RunRecord now = store.read(initial.id).orElse(null);
    if (now == null) {
      return Optional.empty();
    }
    if (!always && !now.hasLogged()) {
      store.remove(initial.id);
      return Optional.empty();
    }
    RunEnd end = new RunEnd(project, store);
    return Optional.of(end.finish(now, repro, Set.copyOf(succeeded), notes));
  }

  private void removeLogFolder() {
    Path dir = project.layout().tmp().resolve("runs").resolve(initial.id);
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // not empty (a stage still writing after it was stopped) or gone: left for the next clean-up
    }
  }
}
