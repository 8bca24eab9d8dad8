package io.mlctl.core.pipeline;

import io.mlctl.core.StorageException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.ReproResult.Outcome;
import io.mlctl.core.pipeline.ReproResult.StageRun;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stage's turn in a {@link Repro}: decide, run, cache the outputs, record the lock entry.
 * Thread-safe: stages run on several threads, and each records its entry in the one
 * {@link LockFile}, which writes the newest state of all of them behind the stages.
 */
final class StageExecution {
  private final Project project;
  private final Workspace ws;
  private final LockFile lockFile;
  private final Repro.Options opts;
  private final Staleness staleness;
  private final Hasher hasher;
  private final DependencyHashes dependencies;
  private final String runId;
  private final RunCache runCache;
  /** Each stage thread's builder of processes, with the stages' environment ({@link StageRunner#builder}). */
  private final ThreadLocal<ProcessBuilder> builders;
  /** Whether the logs folder is known to exist. */
  private volatile boolean logsReady;
  /** The processes of the stages running now, by stage name. */
  private final Map<String, StageRunner.Running> processes = new java.util.concurrent.ConcurrentHashMap<>();
  /** Why the running stages were stopped, once they were. */
  private volatile String stoppedBecause;
  private final StageObserver observer;

  StageExecution(Project project, Workspace ws, PathFingerprints fingerprints, LockFile lockFile, String runId,
      Repro.Options opts, StageObserver observer) {
    this.observer = observer;
    this.project = project;
    this.ws = ws;
    this.lockFile = lockFile;
    this.opts = opts;
    this.staleness = new Staleness(ws, fingerprints);
    this.hasher = new Hasher(ws, fingerprints);
    this.dependencies = new DependencyHashes(hasher);
    this.runId = runId;
    this.runCache = new RunCache(ws);
    Map<String, String> env = StageRunner.environment(project, runId);
    this.builders = ThreadLocal.withInitial(() -> StageRunner.builder(env));
  }

  /**
   * Stops every stage running now, with every process it started; they then report a failure
   * that gives {@code why}. Stages that have not started yet are the scheduler's to hold back.
   */
  void stopRunning(String why) {
    stoppedBecause = why;
    List<StageRunner.Running> now = new ArrayList<>(processes.values());
    now.parallelStream().forEach(p -> StageRunner.stopTree(p, java.time.Duration.ofSeconds(2)));
  }

  /**
   * Waits for the lock file's background writes and forces its last state to disk: once per
   * repro, not once per stage. Also what a stopped mlctl does before it exits.
   */
  void finish() {
    dependencies.close();
    lockFile.force();
  }

  /**
   * Starts hashing a stage's dependencies in the background; only for a stage whose upstream
   * stages have all finished (see {@link DependencyHashes}).
   */
  void prefetch(Stage s) {
    dependencies.offer(s);
  }

  StageRun run(Stage s) {
    LockEntry previous = lockFile.entry(s.name());
    if (s.frozen()) {
      return new StageRun(s.name(), Outcome.SKIPPED_UP_TO_DATE, List.of("frozen"), -1, null);
    }
    // Each dependency hashed once, for the check and for the lock entry alike.
    Map<String, Optional<Output>> depHashes = new java.util.HashMap<>();
    java.util.function.Function<String, Optional<Output>> depHash =
        d -> depHashes.computeIfAbsent(d, x -> dependencies.hash(s, x));
    List<String> reasons = opts.force() ? List.of("forced") : staleness.reasons(s, previous, depHash);
    if (reasons.isEmpty()) {
      return new StageRun(s.name(), Outcome.SKIPPED_UP_TO_DATE, reasons, -1, null);
    }
    // The lock records what this run saw, so dependencies are hashed before the command can touch them.
    List<Output> deps = new ArrayList<>();
    for (String d : Staleness.normalized(s)) {
      depHash.apply(d).ifPresent(deps::add);
    }
    Map<String, Map<String, Object>> params = Params.values(ws.root(), s);
    String key = RunCache.eligible(s) ? RunCache.key(s.command(), deps, params) : null;
    // --force means run the command: a restored output would not be a rerun (DVC agrees).
    if (key != null && !opts.noRunCache() && !opts.force()) {
      Optional<List<Output>> cached = runCache.restore(s, key);
      if (cached.isPresent()) {
        record(s, new LockEntry(s.command(), deps, params, cached.get()));
        return new StageRun(s.name(), Outcome.RESTORED_FROM_RUN_CACHE, reasons, -1, null);
      }
    }
    if (stoppedBecause != null) {
      return new StageRun(s.name(), Outcome.NOT_RUN, reasons, -1, stoppedBecause);
    }
    for (Stage.Out o : s.outs()) {
      Path p = ws.root().resolve(PathRules.checkOut(s, o.path()));
      if (!o.persist()) {
        deleteRecursively(p);
      }
      createParent(p);
    }
    Path logFile = observer.starting(s);
    int status;
    boolean succeeded = false;
    try {
      status = new StageRunner(project.root(), logs(), builders.get(), line -> opts.output().accept(s.name() + ": " + line),
          processes, () -> stoppedBecause != null).run(s, logFile);
      succeeded = status == 0;
    } finally {
      observer.ended(s, logFile, succeeded);
    }
    if (status != 0 && stoppedBecause != null) {
      return new StageRun(s.name(), Outcome.FAILED, reasons, status,
          "stage '" + s.name() + "' was stopped (exit status " + status + ") because " + stoppedBecause);
    }
    if (status != 0) {
      return new StageRun(s.name(), Outcome.FAILED, reasons, status,
          "stage '" + s.name() + "' failed with exit status " + status);
    }
    List<Output> outs = new ArrayList<>();
    for (Stage.Out o : s.outs()) {
      String path = PathRules.checkOut(s, o.path());
      Optional<Hasher.Hashed> h = hasher.hashWith(path);
      if (h.isEmpty()) {
        return new StageRun(s.name(), Outcome.FAILED, reasons, -1,
            "stage '" + s.name() + "' did not produce its output '" + path + "'");
      }
      if (o.cache()) {
        store(path, h.get());
        ignore(path);
      }
      outs.add(h.get().output());
    }
    record(s, new LockEntry(s.command(), deps, params, outs));
    if (key != null) {
      runCache.save(key, outs);
    }
    return new StageRun(s.name(), Outcome.RAN, reasons, 0, null);
  }

  private void record(Stage s, LockEntry entry) {
    lockFile.put(s.name(), entry);
  }

  // Cached outputs are data, not source: keep them out of Git as add does. Under the monitor, as
  // two stages in one folder would otherwise race on its .gitignore.
  private synchronized void ignore(String path) {
    Path p = ws.root().resolve(path);
    io.mlctl.core.data.GitIgnore.ensure(p.getParent(), p.getFileName().toString());
  }

  /** Puts an output's bytes in the object store: a file as is, a directory file by file plus its manifest. */
  private void store(String path, Hasher.Hashed h) {
    Path p = ws.root().resolve(path);
    if (h.manifest() == null) {
      ws.store().insert(p);
      return;
    }
    for (Manifest.Entry e : h.manifest().entries()) {
      ws.store().insert(p.resolve(e.path()));
    }
    ws.store().insert(h.manifest().toBytes());
  }

  /** The logs folder, made once per repro. */
  private Path logs() {
    Path logs = project.layout().logs();
    if (!logsReady) {
      try {
        Files.createDirectories(logs);
      } catch (IOException e) {
        throw StorageException.of("create the folder of", logs.resolve("log"), e);
      }
      logsReady = true;
    }
    return logs;
  }

  private static void createParent(Path p) {
    try {
      // Checked first: createDirectories on a folder that exists costs two exceptions.
      if (!Files.isDirectory(p.getParent())) {
        Files.createDirectories(p.getParent());
      }
    } catch (IOException e) {
      throw StorageException.of("create the folder of", p, e);
    }
  }

  static void deleteRecursively(Path p) {
    try {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(p);
        return;
      }
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw StorageException.of("remove the old output", p, e);
    }
  }
}
