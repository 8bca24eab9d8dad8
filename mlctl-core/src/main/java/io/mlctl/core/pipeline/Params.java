package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads parameter files (YAML, or JSON, which YAML reads too) and the values stages name. */
final class Params {
  private Params() {}

  /** params.yaml as a map, or empty when there is none. */
  static Map<String, Object> readDefault(Path root) {
    Path p = root.resolve(PipelineFile.DEFAULT_PARAMS);
    return Files.exists(p) ? YamlFiles.loadMap(p, PipelineFile.DEFAULT_PARAMS) : Map.of();
  }

  /**
   * The current values of a stage's parameters, by file then key.
   *
   * @throws BadInputException for a missing file or key
   */
  static Map<String, Map<String, Object>> values(Path root, Stage stage) {
    Map<String, Map<String, Object>> files = new java.util.HashMap<>();
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    for (Stage.Param p : stage.params()) {
      Map<String, Object> doc = files.computeIfAbsent(p.file(), f -> {
        Path file = root.resolve(f);
        if (!Files.exists(file)) {
          throw new BadInputException("stage '" + stage.name() + "': parameter file '" + f + "' does not exist", null);
        }
        return YamlFiles.loadMap(file, f);
      });
      Map<String, Object> values = out.computeIfAbsent(p.file(), f -> new java.util.TreeMap<>());
      if (p.key().isEmpty()) {
        values.putAll(new LinkedHashMap<>(doc));
        continue;
      }
      Optional<Object> v = Interpolation.find(doc, p.key());
      if (v.isEmpty()) {
        throw new BadInputException("stage '" + stage.name() + "': parameter '" + p.key() + "' is not in " + p.file(), null);
      }
      values.put(p.key(), v.get());
    }
    return out;
  }
}
