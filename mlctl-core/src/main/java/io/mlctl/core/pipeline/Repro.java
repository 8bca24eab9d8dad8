package io.mlctl.core.pipeline;

import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.ReproResult.Outcome;
import io.mlctl.core.pipeline.ReproResult.StageRun;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  /** What to run and how. {@code output} receives every line a stage prints, prefixed with its name. */
  public record Options(List<String> targets, boolean force, boolean dry, boolean downstream, int jobs,
      boolean keepGoing, boolean noRunCache, Consumer<String> output) {
    public Options {
      targets = List.copyOf(targets);
      jobs = Math.max(1, jobs);
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
      return callLocked(opts, RunIds.next(project.clock()));
    }
  }

  /**
   * Runs the stages as one run with the given id, for a caller that already holds the
   * repository lock ({@code exp run} keeps it from applying its overrides to recording the run).
   */
  public ReproResult callLocked(Options opts, String runId) {
    if (opts.dry()) {
      return dry(opts);
    }
    Workspace ws = new Workspace(project);
    try {
      return run(ws, opts, runId);
    } finally {
      ws.hashes().flush();
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
    Set<String> chosen = opts.downstream() ? dag.withDownstream(named) : dag.withUpstream(named);
    return dag.order().stream().filter(s -> chosen.contains(s.name())).toList();
  }

  private ReproResult dry(Options opts) {
    Workspace ws = new Workspace(project);
    Dag dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    Map<String, LockEntry> lock = new LockFile(project.root()).read();
    Staleness staleness = new Staleness(ws);
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
    return new ReproResult(out);
  }

  private ReproResult run(Workspace ws, Options opts, String runId) {
    Dag dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    List<Stage> pending = new ArrayList<>(selection(dag, opts));
    Set<String> selected = new HashSet<>();
    pending.forEach(s -> selected.add(s.name()));
    StageExecution exec = new StageExecution(project, ws, new LockFile(project.root()), runId, opts);
    Map<String, Outcome> done = new LinkedHashMap<>();
    List<StageRun> results = new ArrayList<>();
    Set<String> running = new HashSet<>();
    boolean stop = false;
    ExecutorService pool = Executors.newFixedThreadPool(opts.jobs(), r -> {
      Thread t = new Thread(r, "mlctl-stage");
      t.setDaemon(true);
      return t;
    });
    CompletionService<StageRun> cs = new ExecutorCompletionService<>(pool);
    try {
      while (!pending.isEmpty() || !running.isEmpty()) {
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
        StageRun r = take(cs);
        running.remove(r.name());
        done.put(r.name(), r.outcome());
        results.add(r);
        if (r.outcome() == Outcome.FAILED && !opts.keepGoing()) {
          stop = true;
        }
      }
    } finally {
      pool.shutdownNow();
      exec.finish();
    }
    return new ReproResult(results);
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
