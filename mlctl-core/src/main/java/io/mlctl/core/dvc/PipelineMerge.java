package io.mlctl.core.dvc;

import io.mlctl.core.dvc.DvcImportResult.Converted;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.State;
import io.mlctl.core.pipeline.Dag;
import io.mlctl.core.pipeline.Pipeline;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The converted stages merged into mlctl.yaml as it is: a stage mlctl.yaml lacks is added, one it
 * has already is left as it is (unchanged when the same, kept when mlctl's differs), and vars it
 * lacks are added. The merged file is parsed and its graph checked before anything is written.
 *
 * @param text the new mlctl.yaml, or null when nothing is added
 * @param items what happened to each converted stage
 * @param importable the stages, as mlctl will read them, whose dvc.lock entries apply to them: those
 *     added now or found the same
 * @param groups the names of every converted stage definition
 */
record PipelineMerge(String text, List<Converted> items, Map<String, Stage> importable, Set<String> groups) {
  static PipelineMerge of(Path root, StageConversion.Converted c) {
    Path file = root.resolve(PipelineFile.NAME);
    Map<String, Object> doc = Files.exists(file) ? YamlFiles.loadMap(file, PipelineFile.NAME) : new LinkedHashMap<>();
    boolean changed = false;
    if (c.vars() != null && !c.vars().isEmpty()) {
      Map<String, Object> vars = doc.get("vars") instanceof Map<?, ?> m ? StageConversion.stringKeys(m) : new LinkedHashMap<>();
      for (Map.Entry<String, Object> v : c.vars().entrySet()) {
        changed |= !vars.containsKey(v.getKey());
        vars.putIfAbsent(v.getKey(), v.getValue());
      }
      doc.put("vars", vars);
    }
    Map<String, Object> stages = doc.get("stages") instanceof Map<?, ?> m ? StageConversion.stringKeys(m) : new LinkedHashMap<>();
    List<Converted> items = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    for (Map.Entry<String, Object> s : c.stages().entrySet()) {
      String source = StageConversion.FILE + ": stage '" + s.getKey() + "'";
      Object before = stages.get(s.getKey());
      if (before == null) {
        stages.put(s.getKey(), s.getValue());
        changed = true;
        fresh.add(s.getKey());
        items.add(new Converted(Kind.STAGE, source, PipelineFile.NAME, State.CONVERTED, expansion(c.expanded().get(s.getKey()))));
      } else if (YamlFiles.dump(before).equals(YamlFiles.dump(s.getValue()))) {
        fresh.add(s.getKey());
        items.add(new Converted(Kind.STAGE, source, PipelineFile.NAME, State.UNCHANGED, null));
      } else {
        items.add(new Converted(Kind.STAGE, source, PipelineFile.NAME, State.KEPT, "mlctl.yaml defines this stage otherwise"));
      }
    }
    doc.put("stages", stages);
    String text = YamlFiles.dump(doc);
    Pipeline merged = new PipelineFile(root).parse(text);
    new Dag(merged, root);
    Map<String, Stage> importable = new LinkedHashMap<>();
    for (String group : fresh) {
      for (Stage s : merged.stages()) {
        if (s.name().equals(group) || s.name().startsWith(group + "@")) {
          importable.put(s.name(), s);
        }
      }
    }
    return new PipelineMerge(changed ? text : null, items, importable, Set.copyOf(c.stages().keySet()));
  }

  private static String expansion(List<Stage> stages) {
    if (stages == null || stages.size() < 2) {
      return null;
    }
    return "expands to " + String.join(", ", stages.stream().map(Stage::name).toList());
  }
}
