package io.mlctl.core.dvc;

import io.mlctl.core.StorageException;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.NotConverted;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.yaml.YamlFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything import-dvc will do, read from the DVC project and checked, before anything is
 * written: the outputs of the {@code .dvc} files, the merged pipeline, the dvc.lock entries.
 * What cannot be converted is reported while reading. Immutable once read.
 *
 * @param pipeline the merged pipeline, or null when there is no root dvc.yaml
 */
record DvcPlan(DvcCache cache, List<DvcOut> pointers, PipelineMerge pipeline, List<LockConversion.Planned> lock) {
  static DvcPlan read(Path root, List<NotConverted> skipped) {
    Path dvcDir = root.resolve(".dvc");
    DvcConfig config = DvcConfig.read(dvcDir);
    for (String remote : config.remotes()) {
      skipped.add(new NotConverted(Kind.REMOTE, ".dvc/config", "remote '" + remote + "'",
          "DVC's remote holds MD5-named objects mlctl cannot use; it is left as it is: add an mlctl remote"
              + " ('mlctl remote add NAME URL') and run 'mlctl push'"));
    }
    DvcCache cache = new DvcCache(config.cacheDir());
    // Hash nothing yet: reading only finds and checks what the DVC files name.
    DvcBytes reader = new DvcBytes(root, cache, null);
    DvcFiles.Scan scan = DvcFiles.scan(root);
    List<DvcOut> pointers = new ArrayList<>();
    for (String file : scan.dvcFiles()) {
      pointers.addAll(DvcFiles.read(root, file, reader, skipped));
    }
    for (String nested : scan.nestedPipelines()) {
      skipped.add(new NotConverted(Kind.FILE, nested, "pipeline",
          "mlctl reads one mlctl.yaml at the root: move these stages there with 'wdir: " + DvcPaths.parent(nested) + "'"));
    }
    if (hasPatterns(root.resolve(".dvcignore"))) {
      skipped.add(new NotConverted(Kind.FILE, ".dvcignore", "ignore patterns",
          "mlctl has no ignore file for tracked directories: it tracks every file in them"));
    }
    if (!Files.isRegularFile(root.resolve(StageConversion.FILE))) {
      return new DvcPlan(cache, pointers, null, List.of());
    }
    Map<String, Object> params = Files.isRegularFile(root.resolve(PipelineFile.DEFAULT_PARAMS))
        ? DvcImport.yamlMap(root, PipelineFile.DEFAULT_PARAMS) : Map.of();
    StageConversion.Converted converted = new StageConversion(root, params, skipped)
        .convert(DvcImport.yamlMap(root, StageConversion.FILE));
    PipelineMerge merge = PipelineMerge.of(root, converted);
    List<LockConversion.Planned> lock = List.of();
    if (Files.isRegularFile(root.resolve(LockConversion.FILE))) {
      Map<String, Stage> stages = new LinkedHashMap<>();
      converted.expanded().values().forEach(l -> l.forEach(s -> stages.put(s.name(), s)));
      stages.putAll(merge.importable());
      lock = LockConversion.plan(root, YamlFiles.loadMap(root.resolve(LockConversion.FILE), LockConversion.FILE),
          stages, merge.groups(), reader, skipped);
    }
    return new DvcPlan(cache, pointers, merge, lock);
  }

  /** Whether an ignore file has a pattern (DVC's init writes one holding only comments). */
  private static boolean hasPatterns(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
  }
}
