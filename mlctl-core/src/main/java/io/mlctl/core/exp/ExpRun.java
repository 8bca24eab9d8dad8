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

  /**
   * What to run: overrides as typed ({@code [FILE:]KEY=VALUE}), stages (empty: all), repro's
   * options, and the run's name (null: a generated one), tags and note.
   */
  public record Options(List<String> overrides, List<String> stages, boolean force, int jobs, Consumer<String> output,
      String name, Map<String, String> tags, String note, boolean keepGoing, boolean noRunCache, boolean singleItem) {
    public Options {
      overrides = List.copyOf(overrides);
      stages = List.copyOf(stages);
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public Options(List<String> overrides, List<String> stages, boolean force, int jobs, Consumer<String> output,
        String name, Map<String, String> tags, String note) {
      this(overrides, stages, force, jobs, output, name, tags, note, false, false, false);
    }

    public Options(List<String> overrides, List<String> stages, boolean force, int jobs, Consumer<String> output) {
      this(overrides, stages, force, jobs, output, null, Map.of(), null);
    }

    Repro.Options repro(boolean dry) {
      return new Repro.Options(stages, force, dry, false, jobs, keepGoing, noRunCache, output, singleItem);
    }
  }

  /**
   * What {@link #call} would run, as {@code repro --dry} says it: every override is checked
   * against the parameter files, nothing is written, and no run is recorded. The staleness shown
   * is that of the files as they are (the overrides would make more stages stale).
   */
  public ReproResult dry(Options opts) {
    List<ParamOverrides.Override> overrides = opts.overrides().stream().map(ParamOverrides.Override::parse).toList();
    opts.tags().keySet().forEach(RunTags::checkKey);
    ParamOverrides.apply(paramTexts(project.root()), overrides);
    return new Repro(project).call(opts.repro(true));
  }

  /** The recorded run and what repro did; notes are warnings about what stages logged. */
  public record Result(RunRecord run, ReproResult repro, List<String> notes) {}

  public Result call(Options opts) {
    List<ParamOverrides.Override> overrides = opts.overrides().stream().map(ParamOverrides.Override::parse).toList();
    opts.tags().keySet().forEach(RunTags::checkKey);
    try (RepoLock lock = project.lock()) {
      Path root = project.root();
      Map<String, String> texts = paramTexts(root);
      // Every override is checked before any file changes.
      Map<String, String> changed = ParamOverrides.apply(texts, overrides);
      RunStore store = new RunStore(project.layout().runs());
      List<RunRecord> runs = store.all();
      RunRecord.Builder b = new RunRecord.Builder();
      b.name = opts.name() == null ? RunNames.generate(runs) : RunNames.check(opts.name(), runs);
      b.id = RunIds.next(project.clock());
      b.started = project.clock().instant().toString();
      b.tags.putAll(new java.util.TreeMap<>(opts.tags()));
      b.note = opts.note();
      b.targets.addAll(opts.stages());
      // Whether the tree differs from its commit is the user's doing, not the -S edits': asked
      // before they are written (the overrides are recorded apart).
      Optional<GitRepo> git = GitRepo.open(root);
      if (git.isPresent()) {
        try (GitRepo g = git.get()) {
          b.commit = g.headCommit().orElse(null);
          b.dirty = b.commit != null && g.isDirty();
        }
      }
      for (ParamOverrides.Override o : overrides) {
        b.overrides.put(o.file() == null ? o.key() : o.file() + ":" + o.key(), ParamOverrides.typed(o.value()));
      }
      ParamOverrides.write(root, changed);
      b.params.putAll(params(root));
      RunRecorder recorder = new RunRecorder(project, store, b, true);
      recorder.begin();
      ReproResult repro;
      try {
        repro = new Repro(project).callLocked(opts.repro(false), b.id, null, recorder);
      } catch (RuntimeException e) {
        // A run that crashed is still recorded, as failed, with what its stages logged.
        recorder.finish(null);
        throw e;
      }
      RunRecord run = recorder.finish(repro).orElseThrow();
      return new Result(run, repro, recorder.notes());
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
