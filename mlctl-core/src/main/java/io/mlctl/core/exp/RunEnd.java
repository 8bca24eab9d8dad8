package io.mlctl.core.exp;

import io.mlctl.core.BadInputException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.metrics.Snapshot;
import io.mlctl.core.metrics.Values;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.ReproResult;
import io.mlctl.core.pipeline.ReproResult.Outcome;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.repo.Project;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a run's record is completed when its stages are done: its status, the stages that ran, the
 * parameter files' keys, the numbers of the metrics files that this run's stages left valid, the
 * hashes of the stages' dependencies and outputs, and the series of stages that were up to date
 * (carried over from the run that produced their outputs).
 */
final class RunEnd {
  private final Project project;
  private final RunStore store;

  RunEnd(Project project, RunStore store) {
    this.project = project;
    this.store = store;
  }

  /**
   * @param repro what repro did, or null when it stopped with an error
   * @param succeeded the stages whose commands ran to a successful end
   */
  RunRecord finish(RunRecord now, ReproResult repro, Set<String> succeeded, List<String> notes) {
    Workspace ws = new Workspace(project);
    List<Stage> pipeline = new PipelineFile(project.root()).read().stages();
    // Stages whose results belong to this run: what they declare is as this run left it.
    Set<String> valid = new LinkedHashSet<>();
    Set<String> ran = new LinkedHashSet<>();
    List<String> skipped = new ArrayList<>();
    if (repro != null) {
      for (ReproResult.StageRun s : repro.stages()) {
        if (s.outcome() == Outcome.FAILED || s.outcome() == Outcome.NOT_RUN) {
          continue;
        }
        valid.add(s.name());
        if (s.outcome() == Outcome.RAN || s.outcome() == Outcome.RESTORED_FROM_RUN_CACHE) {
          ran.add(s.name());
        } else {
          skipped.add(s.name());
        }
      }
    } else {
      valid.addAll(succeeded);
      ran.addAll(succeeded);
    }
    boolean failed = repro == null || repro.failed();
    Map<String, Object> metrics = metrics(pipeline, failed ? valid : null, notes);
    Map<String, LockEntry> lock = new LockFile(project.root()).read();
    Map<String, String> deps = new TreeMap<>();
    Map<String, String> outs = new TreeMap<>();
    for (String name : valid) {
      LockEntry e = lock.get(name);
      if (e == null) {
        continue;
      }
      e.deps().forEach(o -> deps.put(o.path(), o.sha256()));
      for (Output o : e.outs()) {
        outs.put(o.path(), o.sha256());
        keepInCache(ws, o);
      }
    }
    RunRecord withCarried = carryOver(now, skipped, lock);
    Map<String, String> paramFiles = new TreeMap<>();
    ExpRun.paramTexts(project.root()).forEach((f, t) ->
        paramFiles.put(f, ws.store().insert(t.getBytes(StandardCharsets.UTF_8)).hash()));
    String lockHash = null;
    Path lockPath = project.root().resolve(LockFile.NAME);
    if (Files.exists(lockPath)) {
      lockHash = ws.store().insert(lockPath).hash();
    }
    String status = failed ? RunRecord.FAILED : RunRecord.SUCCESS;
    String ended = project.clock().instant().toString();
    Map<String, Object> params = ExpRun.params(project.root());
    String lh = lockHash;
    RunRecord carried = withCarried;
    return store.updateExisting(now.id(), r -> {
      RunRecord base = r;
      // What stages logged while this was computed stays; the carried series fill only the gaps.
      for (var e : carried.series().entrySet()) {
        if (!base.series().containsKey(e.getKey())) {
          base = base.withPoints(e.getKey(), e.getValue(), carried.loggedBy().get("metric:" + e.getKey()));
        }
      }
      for (var e : carried.loggedParams().entrySet()) {
        if (!base.loggedParams().containsKey(e.getKey())) {
          base = base.withParam(e.getKey(), e.getValue(), carried.loggedBy().get("param:" + e.getKey()));
        }
      }
      return base.finished(ended, status, List.copyOf(ran), params, metrics, deps, outs, paramFiles, lh);
    });
  }

  /**
   * The metrics files' numbers.
   *
   * @param only the stages whose metrics files count, or null for every stage's
   */
  private Map<String, Object> metrics(List<Stage> pipeline, Set<String> only, List<String> notes) {
    Set<String> stale = new HashSet<>();
    if (only != null) {
      // A failed run shows what it produced, never the numbers an earlier run left in a file.
      for (Stage s : pipeline) {
        if (!only.contains(s.name())) {
          s.outs().stream().filter(o -> o.kind() == Stage.OutKind.METRIC).forEach(o -> stale.add(o.path()));
        }
      }
      for (Stage s : pipeline) {
        if (only.contains(s.name())) {
          s.outs().stream().filter(o -> o.kind() == Stage.OutKind.METRIC).forEach(o -> stale.remove(o.path()));
        }
      }
    }
    try (Snapshot s = Snapshot.workTree(project)) {
      Values v = Values.metrics(s, List.of());
      Map<String, Map<String, Object>> files = new LinkedHashMap<>(v.files());
      files.keySet().removeAll(stale);
      notes.addAll(v.notes().stream().filter(n -> stale.stream().noneMatch(n::startsWith)).toList());
      return new Values(files, List.of()).merged();
    } catch (BadInputException e) {
      notes.add(e.getMessage());
      return Map.of();
    }
  }

  /**
   * The series and parameters that stages up to date in this run logged in the run that produced
   * their outputs, so a run that had nothing to rerun still holds its curves.
   */
  private RunRecord carryOver(RunRecord now, List<String> skipped, Map<String, LockEntry> lock) {
    if (skipped.isEmpty()) {
      return now.toBuilder().build();
    }
    List<RunRecord> earlier = new ArrayList<>(store.all());
    java.util.Collections.reverse(earlier);
    RunRecord.Builder carried = new RunRecord.Builder();
    carried.id = now.id();
    RunRecord out = carried.build();
    for (String stage : skipped) {
      LockEntry e = lock.get(stage);
      if (e == null) {
        continue;
      }
      for (RunRecord r : earlier) {
        if (r.id().equals(now.id()) || !r.stages().contains(stage) || !produced(r, e)) {
          continue;
        }
        for (var by : r.loggedBy().entrySet()) {
          if (!by.getValue().equals(stage)) {
            continue;
          }
          String key = by.getKey();
          if (key.startsWith("metric:") && r.series().containsKey(key.substring(7))) {
            out = out.withPoints(key.substring(7), r.series().get(key.substring(7)), stage);
          } else if (key.startsWith("param:") && r.loggedParams().containsKey(key.substring(6))) {
            out = out.withParam(key.substring(6), r.loggedParams().get(key.substring(6)), stage);
          }
        }
        break;
      }
    }
    return out;
  }

  /** Whether run {@code r} left the stage's outputs (or, for a stage without any, saw its dependencies) as they are now. */
  private static boolean produced(RunRecord r, LockEntry e) {
    if (e.outs().isEmpty()) {
      return !e.deps().isEmpty() && e.deps().stream().allMatch(o -> o.sha256().equals(r.deps().get(o.path())));
    }
    return e.outs().stream().allMatch(o -> o.sha256().equals(r.outs().get(o.path())));
  }

  // Outputs kept out of the cache (a metrics file with cache: false) are still copied in, so
  // exp apply can bring back everything the run produced.
  private static void keepInCache(Workspace ws, Output o) {
    if (o.dir() || ws.store().contains(o.sha256())) {
      return;
    }
    Path p = ws.root().resolve(o.path());
    if (Files.isRegularFile(p)) {
      ws.store().insert(p);
    }
  }
}
