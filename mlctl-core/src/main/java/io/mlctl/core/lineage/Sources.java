package io.mlctl.core.lineage;

import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.repo.Project;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.store.ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a lineage is checked against, opened once per trace: the cache, the registry, the lock in
 * the work tree (and, when asked, the lock in every commit), the run records and Git. Each verdict
 * about an object is computed once, since the same data can be reached by several paths.
 * Not thread-safe; close it (it holds the Git repository open).
 */
final class Sources implements AutoCloseable {
  final Project project;
  final ObjectStore store;
  final ModelRegistry registry;
  final RunStore runs;
  final Optional<GitRepo> git;
  private Map<String, LockEntry> lock;
  private List<Map.Entry<String, LockEntry>> history;
  private List<RunRecord> allRuns;
  private final Map<String, Boolean> verified = new LinkedHashMap<>();

  Sources(Project project) {
    this.project = project;
    this.registry = new ModelRegistry(project);
    this.store = registry.store();
    this.runs = new RunStore(project.layout().runs());
    this.git = GitRepo.open(project.root());
  }

  /** The lock file of the work tree, by stage. */
  Map<String, LockEntry> lock() {
    if (lock == null) {
      lock = new LockFile(project.root()).read();
    }
    return lock;
  }

  /**
   * Every stage entry of every committed version of {@code mlctl.lock}, newest first: a model
   * trained three commits ago was produced by a stage whose entry the work tree no longer holds.
   */
  List<Map.Entry<String, LockEntry>> lockHistory() {
    if (history == null) {
      history = new ArrayList<>();
      try {
        git.ifPresent(g -> g.forEachFileInHistory(List.of(LockFile.NAME), (path, text) -> {
          if (path.equals(LockFile.NAME)) {
            try {
              LockFile.parse(text, LockFile.NAME + " in Git").forEach((k, v) -> history.add(Map.entry(k, v)));
            } catch (io.mlctl.core.MlctlException e) {
              // An old lock this mlctl cannot read proves nothing either way.
            }
          }
        }));
      } catch (io.mlctl.core.MlctlException e) {
        // A history with a commit missing (a shallow or damaged clone) still has the work tree's
        // lock; the commit itself is checked, and named, where a record points at it.
      }
    }
    return history;
  }

  List<RunRecord> allRuns() {
    if (allRuns == null) {
      allRuns = runs.all();
    }
    return allRuns;
  }

  /** Whether the object is in the cache and still hashes to its name; empty when it is absent. */
  Optional<Boolean> objectHolds(String sha256) {
    if (!store.contains(sha256)) {
      return Optional.empty();
    }
    return Optional.of(verified.computeIfAbsent(sha256, store::verify));
  }

  @Override
  public void close() {
    git.ifPresent(GitRepo::close);
  }
}
