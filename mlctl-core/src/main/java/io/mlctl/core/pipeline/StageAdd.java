package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mlctl stage add}: appends a stage to {@code mlctl.yaml}. The new file is parsed and its
 * graph checked before it replaces the old one (atomically), so a bad stage never reaches disk.
 * Takes the write lock. The file is rewritten from its parsed form, so comments are not kept.
 */
public final class StageAdd {
  private final Project project;

  public StageAdd(Project project) {
    this.project = project;
  }

  /**
   * The stage to add; lists may be empty, {@code wdir} null (the project's root).
   *
   * @param force replace a stage of that name rather than refuse
   * @param alwaysChanged run the stage on every repro, as DVC's {@code always_changed}
   */
  public record Spec(String name, String cmd, List<String> deps, List<String> outs, List<String> params, List<String> metrics,
      List<String> plots, String wdir, boolean force, boolean alwaysChanged) {
    public Spec {
      deps = List.copyOf(deps);
      outs = List.copyOf(outs);
      params = List.copyOf(params);
      metrics = List.copyOf(metrics);
      plots = List.copyOf(plots);
    }

    public Spec(String name, String cmd, List<String> deps, List<String> outs, List<String> params, List<String> metrics) {
      this(name, cmd, deps, outs, params, metrics, List.of(), null, false, false);
    }
  }

  /** Adds the stage and returns it as parsed back. */
  public Stage call(Spec spec) {
    try (RepoLock lock = project.lock()) {
      Map<String, Object> doc = Files.exists(project.layout().pipeline())
          ? YamlFiles.loadMap(project.layout().pipeline(), PipelineFile.NAME) : new LinkedHashMap<>();
      Object stagesObj = doc.computeIfAbsent("stages", k -> new LinkedHashMap<String, Object>());
      if (!(stagesObj instanceof Map<?, ?>)) {
        throw new BadInputException(PipelineFile.NAME + ": 'stages' must be a mapping of stage names", null);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> stages = (Map<String, Object>) stagesObj;
      if (stages.containsKey(spec.name()) && !spec.force()) {
        throw new BadInputException("stage '" + spec.name() + "' already exists in mlctl.yaml",
            "choose another name, or replace it with --force");
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("cmd", spec.cmd());
      if (spec.wdir() != null && !spec.wdir().equals(".")) {
        s.put("wdir", spec.wdir());
      }
      putList(s, "deps", spec.deps());
      putList(s, "params", spec.params());
      putList(s, "outs", spec.outs());
      putList(s, "metrics", spec.metrics());
      putList(s, "plots", spec.plots());
      if (spec.alwaysChanged()) {
        s.put("always_changed", true);
      }
      stages.put(spec.name(), s);
      String text = YamlFiles.dump(doc);
      Pipeline parsed = new PipelineFile(project.root()).parse(text);
      new Dag(parsed, project.root());
      AtomicFiles.writeString(project.layout().pipeline(), text);
      return parsed.stage(spec.name()).orElseThrow();
    }
  }

  private static void putList(Map<String, Object> s, String key, List<String> values) {
    if (!values.isEmpty()) {
      s.put(key, List.copyOf(values));
    }
  }
}
