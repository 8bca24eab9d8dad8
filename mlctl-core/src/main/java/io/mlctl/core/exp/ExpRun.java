package io.mlctl.core.exp;

import io.mlctl.core.BadInputException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.metrics.Snapshot;
import io.mlctl.core.metrics.Values;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Repro;
import io.mlctl.core.pipeline.ReproResult;
import io.mlctl.core.pipeline.RunIds;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.scm.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code mlctl exp run}: applies {@code -S} overrides to the parameter files, runs the pipeline
 * as {@code repro} would, and records the run in {@code .mlctl/runs/ID.json}. Holds the
 * repository lock from the first override to the last word of the record; stages log into the
 * run through {@link RunStore}, which does not need that lock.
 */
public final class ExpRun {
  private final Project project;

  public ExpRun(Project project) {
    this.project = project;
  }

  /** What to run: overrides as typed ({@code [FILE:]KEY=VALUE}), stages (empty: all), repro's options. */
  public record Options(List<String> overrides, List<String> stages, boolean force, int jobs, Consumer<String> output) {
    public Options {
      overrides = List.copyOf(overrides);
      stages = List.copyOf(stages);
    }
  }

  /** The recorded run and what repro did. */
  public record Result(RunRecord run, ReproResult repro, List<String> notes) {}

  public Result call(Options opts) {
    List<ParamOverrides.Override> overrides = opts.overrides().stream().map(ParamOverrides.Override::parse).toList();
    try (RepoLock lock = project.lock()) {
      Path root = project.root();
      Map<String, String> texts = paramTexts(root);
      // Every override is checked before any file changes.
      Map<String, String> changed = ParamOverrides.apply(texts, overrides);
      String runId = RunIds.next(project.clock());
      String started = project.clock().instant().toString();
      ParamOverrides.write(root, changed);
      String commit = null;
      boolean dirty = false;
      Optional<GitRepo> git = GitRepo.open(root);
      if (git.isPresent()) {
        try (GitRepo g = git.get()) {
          commit = g.headCommit().orElse(null);
          dirty = commit != null && g.isDirty();
        }
      }
      Map<String, Object> typed = new LinkedHashMap<>();
      for (ParamOverrides.Override o : overrides) {
        typed.put(o.file() == null ? o.key() : o.file() + ":" + o.key(), ParamOverrides.typed(o.value()));
      }
      Map<String, Object> params = params(root);
      RunStore store = new RunStore(project.layout().runs());
      final String c = commit;
      final boolean d = dirty;
      store.update(runId, started, r -> new RunRecord(runId, started, null, c, d, RunRecord.RUNNING, opts.stages(),
          typed, params, Map.of(), r.series(), Map.of(), Map.of(), Map.of(), null));
      ReproResult repro;
      try {
        repro = new Repro(project).callLocked(new Repro.Options(opts.stages(), opts.force(), false, false,
            opts.jobs(), false, false, opts.output()), runId);
      } catch (RuntimeException e) {
        // A run that crashed is still recorded, as failed, with what its stages logged.
        finish(store, runId, null, new ArrayList<>());
        throw e;
      }
      List<String> notes = new ArrayList<>();
      return new Result(finish(store, runId, repro, notes), repro, notes);
    }
  }

  private RunRecord finish(RunStore store, String runId, ReproResult repro, List<String> notes) {
    Workspace ws = new Workspace(project);
    Map<String, Object> metrics = Map.of();
    try (Snapshot s = Snapshot.workTree(project)) {
      Values v = Values.metrics(s, List.of());
      metrics = v.merged();
      notes.addAll(v.notes());
    } catch (BadInputException e) {
      notes.add(e.getMessage());
    }
    Set<String> ran = new LinkedHashSet<>();
    if (repro != null) {
      repro.stages().forEach(st -> ran.add(st.name()));
    }
    Map<String, LockEntry> lock = new LockFile(project.root()).read();
    Map<String, String> deps = new java.util.TreeMap<>();
    Map<String, String> outs = new java.util.TreeMap<>();
    for (String name : ran) {
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
    Map<String, String> paramFiles = new java.util.TreeMap<>();
    paramTexts(project.root()).forEach((f, t) ->
        paramFiles.put(f, ws.store().insert(t.getBytes(StandardCharsets.UTF_8)).hash()));
    String lockHash = null;
    Path lockPath = project.root().resolve(LockFile.NAME);
    if (Files.exists(lockPath)) {
      lockHash = ws.store().insert(lockPath).hash();
    }
    String status = repro != null && !repro.failed() ? RunRecord.SUCCESS : RunRecord.FAILED;
    String ended = project.clock().instant().toString();
    Map<String, Object> m = metrics;
    String lh = lockHash;
    return store.update(runId, ended, r -> r.finished(ended, status, m, deps, outs, paramFiles, lh));
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

  /** The parameter files the pipeline uses, params.yaml first, with their text. */
  static Map<String, String> paramTexts(Path root) {
    Set<String> files = new LinkedHashSet<>();
    if (Files.exists(root.resolve(PipelineFile.DEFAULT_PARAMS))) {
      files.add(PipelineFile.DEFAULT_PARAMS);
    }
    for (Stage s : new PipelineFile(root).read().stages()) {
      s.params().forEach(p -> files.add(p.file()));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : files) {
      Path p = root.resolve(f);
      if (!Files.exists(p)) {
        continue;
      }
      try {
        out.put(f, Files.readString(p, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw io.mlctl.core.StorageException.of("read", p, e);
      }
    }
    return out;
  }

  /** The flattened parameters: params.yaml's keys as they are, another file's as {@code FILE:KEY}. */
  static Map<String, Object> params(Path root) {
    Map<String, Object> out = new LinkedHashMap<>();
    paramTexts(root).forEach((f, t) -> io.mlctl.core.metrics.Flatten.all(io.mlctl.core.metrics.DataFiles.parseMap(t, f, f))
        .forEach((k, v) -> out.put(f.equals(PipelineFile.DEFAULT_PARAMS) ? k : f + ":" + k, v)));
    return out;
  }
}
