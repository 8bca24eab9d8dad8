package io.mlctl.core.pipeline;

import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.ReproResult.Outcome;
import io.mlctl.core.pipeline.ReproResult.StageRun;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code mlctl repro}: brings the selected stages up to date, each after the stages it depends on,
 * up to {@code jobs} of them at once. A stage whose dependencies, parameters, command and outputs
 * match its lock entry is skipped; because that check runs only when its upstream stages have
 * finished, a rerun that produced identical outputs leaves downstream stages fresh. Takes the
 * write lock unless {@code dry}.
 */
public final class Repro {
  private final Project project;

  public Repro(Project project) {
    this.project = project;
  }

  /**
   * What to run and how. {@code output} receives every line a stage prints, prefixed with its name.
   *
   * @param singleItem only the named stages, without the stages they depend on (DVC's
   *     {@code --single-item})
   */
  public record Options(List<String> targets, boolean force, boolean dry, boolean downstream, int jobs,
      boolean keepGoing, boolean noRunCache, Consumer<String> output, boolean singleItem) {
    public Options {
      targets = List.copyOf(targets);
      jobs = Math.max(1, jobs);
      if (singleItem && downstream) {
        throw new io.mlctl.core.BadArgumentException("--single-item and --downstream cannot be combined",
            "--single-item runs only the named stages");
      }
    }

    public Options(List<String> targets, boolean force, boolean dry, boolean downstream, int jobs,
        boolean keepGoing, boolean noRunCache, Consumer<String> output) {
      this(targets, force, dry, downstream, jobs, keepGoing, noRunCache, output, false);
    }

    public static Options defaults() {
      return new Options(List.of(), false, false, false, 1, false, false, line -> { });
    }
  }

  public ReproResult call(Options opts) {
    if (opts.dry()) {
      return dry(opts);
    }
    try (RepoLock lock = project.lock()) {
      return callLocked(opts, null, lock.previousStamp(), StageObserver.NONE);
    }
  }

  /**
   * Runs the stages as one run with the given id, for a caller that already holds the
   * repository lock ({@code exp run} keeps it from applying its overrides to recording the run).
   */
  public ReproResult callLocked(Options opts, String runId) {
    return callLocked(opts, runId, null, StageObserver.NONE);
  }

  /**
   * Runs the stages under the repository lock the caller holds, telling {@code observer} about
   * every command that runs.
   *
   * @param runId the run's id, or null for a new one (made only if a stage runs)
   * @param lockStamp the lock file's stamp when the lock was taken ({@link RepoLock#previousStamp}),
   *     for a prefetched verdict; null when unknown
   */
  public ReproResult callLocked(Options opts, String runId, String lockStamp, StageObserver observer) {
    if (opts.dry()) {
      return dry(opts);
    }
    Workspace ws = new Workspace(project);
    if (whole(opts)) {
      Optional<List<FreshPipeline.Fresh>> fresh = lockStamp == null ? FreshPipeline.check(ws)
          : FreshPipeline.check(ws, lockStamp);
      if (fresh.isPresent()) {
        return new ReproResult(fresh.get().stream().map(f -> new StageRun(f.name(), Outcome.SKIPPED_UP_TO_DATE,
            f.frozen() ? List.of("frozen") : List.of(), -1, null)).toList());
      }
    }
    PathFingerprints fingerprints = new PathFingerprints(ws);
    RuntimeException failed = null;
    try {
      return run(ws, fingerprints, opts, runId == null ? RunIds.next(project.clock()) : runId, observer);
    } catch (RuntimeException e) {
      failed = e;
      throw e;
    } finally {
      try {
        ws.hashes().flush();
        fingerprints.flush();
      } catch (RuntimeException notSaved) {
        // These are caches: when the run failed (a full disk fails both), saying why it failed
        // matters, not that the caches could not be saved after.
        if (failed == null) {
          throw notSaved;
        }
        failed.addSuppressed(notSaved);
      }
    }
  }

  /** The stages to consider, in topological order. */
  static List<Stage> selection(Dag dag, Options opts) {
    if (opts.targets().isEmpty()) {
      return dag.order();
    }
    Set<String> named = new LinkedHashSet<>();
    for (String t : opts.targets()) {
      dag.pipeline().select(t).forEach(s -> named.add(s.name()));
    }
    Set<String> chosen = opts.singleItem() ? named
        : opts.downstream() ? dag.withDownstream(named) : dag.withUpstream(named);
    return dag.order().stream().filter(s -> chosen.contains(s.name())).toList();
  }

  private ReproResult dry(Options opts) {
    Workspace ws = new Workspace(project);
    PathFingerprints fingerprints = new PathFingerprints(ws);
    Dag dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    Map<String, LockEntry> lock = new LockFile(project.root()).read();
    Staleness staleness = new Staleness(ws, fingerprints);
    Set<String> willRun = new HashSet<>();
    List<StageRun> out = new ArrayList<>();
    for (Stage s : selection(dag, opts)) {
      List<String> reasons = new ArrayList<>(opts.force() && !s.frozen() ? List.of("forced") : staleness.reasons(s, lock.get(s.name())));
      for (String up : dag.upstream(s.name())) {
        if (willRun.contains(up) && !s.frozen()) {
          reasons.add("upstream stage " + up + " would run");
        }
      }
      if (!reasons.isEmpty()) {
        willRun.add(s.name());
      }
      out.add(new StageRun(s.name(), reasons.isEmpty() ? Outcome.SKIPPED_UP_TO_DATE : Outcome.NOT_RUN, reasons, -1,
          reasons.isEmpty() ? null : "dry run"));
    }
    fingerprints.retain(Staleness.paths(dag.order()));
    fingerprints.flush();
    ws.hashes().flush();
    return new ReproResult(out);
  }

  /** Whether the run brings every stage up to date as needed: what a no-op verdict answers. */
  private static boolean whole(Options opts) {
    return opts.targets().isEmpty() && !opts.force();
  }

  private ReproResult run(Workspace ws, PathFingerprints fingerprints, Options opts, String runId,
      StageObserver observer) {
    // The verdict's inputs are read before the pipeline is, so a change made meanwhile is seen.
    Map<String, String> inputs = FreshPipeline.inputDigests(ws, List.of());
    Dag dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    FreshPipeline.inputDigests(ws, dag.order()).forEach(inputs::putIfAbsent);
    fingerprints.retain(Staleness.paths(dag.order()));
    List<Stage> pending = new ArrayList<>(selection(dag, opts));
    Set<String> selected = new HashSet<>();
    pending.forEach(s -> selected.add(s.name()));
    StageExecution exec = new StageExecution(project, ws, fingerprints, new LockFile(project.root()), runId, opts,
        observer);
    Map<String, Outcome> done = new LinkedHashMap<>();
    List<StageRun> results = new ArrayList<>();
    Set<String> running = new HashSet<>();
    boolean stop = false;
    // One job: each stage runs on this thread, without a hand-over to a pool thread and back.
    ExecutorService pool = opts.jobs() == 1 ? null : Executors.newFixedThreadPool(opts.jobs(), r -> {
      Thread t = new Thread(r, "mlctl-stage");
      t.setDaemon(true);
      return t;
    });
    CompletionService<StageRun> cs = new ExecutorCompletionService<>(pool == null ? Runnable::run : pool);
    StageGuard.Session guard = StageGuard.open();
    // Killed or interrupted (Ctrl-C, kill): the stages' processes go with mlctl. The lock holds
    // whole entries of the stages that finished, so it stays consistent.
    Thread onExit = new Thread(() -> {
      exec.stopRunning("mlctl was stopped");
      // The entries of the stages that finished are written behind: write them before the JVM ends.
      try {
        exec.finish();
      } catch (RuntimeException lost) {
        // The lock keeps the last state written whole; the stages not in it run again next time.
      }
      guard.close();
    }, "mlctl-stop-stages");
    Runtime.getRuntime().addShutdownHook(onExit);
    try {
      while (!pending.isEmpty() || !running.isEmpty()) {
        // Before the stages start: with one job, the first of them runs to its end on this thread.
        if (!stop) {
          prefetch(pending, dag, selected, done, exec, opts.jobs() + PREFETCH_AHEAD);
        }
        // Start every stage whose upstream stages have all finished, up to the pool's size.
        for (var it = pending.iterator(); it.hasNext() && running.size() < opts.jobs();) {
          Stage s = it.next();
          Set<String> ups = new HashSet<>(dag.upstream(s.name()));
          ups.retainAll(selected);
          if (!done.keySet().containsAll(ups)) {
            continue;
          }
          it.remove();
          String blocked = ups.stream().filter(u -> done.get(u) == Outcome.FAILED || done.get(u) == Outcome.NOT_RUN)
              .findFirst().orElse(null);
          if (blocked != null || stop) {
            StageRun r = new StageRun(s.name(), Outcome.NOT_RUN, List.of(), -1,
                blocked != null ? "upstream stage " + blocked + " did not complete" : "an earlier stage failed");
            done.put(s.name(), Outcome.NOT_RUN);
            results.add(r);
            continue;
          }
          running.add(s.name());
          cs.submit(() -> exec.run(s));
        }
        if (running.isEmpty()) {
          continue;
        }
        StageRun r;
        try {
          r = take(cs);
        } catch (RuntimeException failure) {
          // A stage could not go on (a disk error, say): stop the others before reporting it.
          exec.stopRunning("another stage failed");
          drain(cs, running.size() - 1);
          throw failure;
        }
        running.remove(r.name());
        done.put(r.name(), r.outcome());
        results.add(r);
        if (r.outcome() == Outcome.FAILED && !opts.keepGoing() && !stop) {
          stop = true;
          if (!running.isEmpty()) {
            exec.stopRunning("stage '" + r.name() + "' failed");
          }
        }
      }
      if (whole(opts) && results.size() == dag.order().size()
          && results.stream().allMatch(r -> r.outcome() == Outcome.SKIPPED_UP_TO_DATE)) {
        FreshPipeline.save(ws, dag.order(), fingerprints, inputs);
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      try {
        exec.finish();
      } finally {
        guard.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException exiting) {
        // the hook is running: mlctl is being stopped
      }
    }
    return new ReproResult(results, toStage(dag, results));
  }

  /** What a user commits after the run: the lock and the .gitignore files that keep cached outputs out of Git. */
  private static List<String> toStage(Dag dag, List<StageRun> results) {
    Set<String> files = new LinkedHashSet<>();
    Map<String, Stage> byName = new HashMap<>();
    dag.order().forEach(s -> byName.put(s.name(), s));
    for (StageRun r : results) {
      if (r.outcome() != Outcome.RAN && r.outcome() != Outcome.RESTORED_FROM_RUN_CACHE) {
        continue;
      }
      files.add(LockFile.NAME);
      for (Stage.Out o : byName.get(r.name()).outs()) {
        if (o.cache()) {
          int slash = o.path().lastIndexOf('/');
          files.add(slash < 0 ? ".gitignore" : o.path().substring(0, slash) + "/.gitignore");
        }
      }
    }
    return List.copyOf(files);
  }

  /** How many stages beyond the pool's size have their dependencies hashed ahead. */
  private static final int PREFETCH_AHEAD = 3;

  /**
   * Has the dependencies of the next {@code ahead} stages that could start now (their upstream
   * stages in the selection all finished, none unsuccessfully) hashed in the background, so that
   * a stage finds them hashed when it starts. No stage still to run can change them (see
   * {@link DependencyHashes}).
   */
  private static void prefetch(List<Stage> pending, Dag dag, Set<String> selected, Map<String, Outcome> done,
      StageExecution exec, int ahead) {
    int offered = 0;
    for (Stage s : pending) {
      if (offered >= ahead) {
        return;
      }
      boolean ready = true;
      for (String u : dag.upstream(s.name())) {
        Outcome o = done.get(u);
        if (selected.contains(u) && (o == null || o == Outcome.FAILED || o == Outcome.NOT_RUN)) {
          ready = false;
          break;
        }
      }
      if (ready) {
        exec.prefetch(s);
        offered++;
      }
    }
  }

  /** Waits for {@code n} stages that were told to stop, whatever they report. */
  private static void drain(CompletionService<StageRun> cs, int n) {
    for (int i = 0; i < n; i++) {
      try {
        take(cs);
      } catch (RuntimeException ignored) {
        // the first failure is the one reported
      }
    }
  }

  private static StageRun take(CompletionService<StageRun> cs) {
    try {
      return cs.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stages were running", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
