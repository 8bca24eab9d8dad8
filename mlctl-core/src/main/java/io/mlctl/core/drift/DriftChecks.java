package io.mlctl.core.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.repo.Project;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The last drift check of each registered model version: {@code mlctl drift --reference
 * NAME@ALIAS} keeps its JSON report in {@code .mlctl/state/drift/NAME/vN.json}, and the model's
 * technical report shows it as "drift at the last check". Local to the machine, like the rest of
 * {@code .mlctl/state/}; written temp-then-rename, so a reader sees a whole report.
 */
public final class DriftChecks {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DriftChecks() {}

  /** Where the last check of {@code name} at {@code version} ({@code vN}) is kept. */
  public static Path file(Project project, String name, String version) {
    ModelRegistry.checkName(name, "model name");
    if (!version.matches("v[0-9]+")) {
      throw new IllegalArgumentException("version " + version);
    }
    return project.layout().state().resolve("drift").resolve(name).resolve(version + ".json");
  }

  /** Keeps {@code report} (as {@code drift --json} prints it) as the version's last check. */
  public static void record(Project project, String name, String version, Map<String, Object> report) {
    try {
      AtomicFiles.write(file(project, name, version), (JSON.writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a drift report that is not JSON", e);
    }
  }

  /** The version's last check, if one was kept. */
  public static Optional<Path> last(Project project, String name, String version) {
    Path f = file(project, name, version);
    return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
  }
}
