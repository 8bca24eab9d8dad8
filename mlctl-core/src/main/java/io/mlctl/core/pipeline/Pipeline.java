package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stages of {@code mlctl.yaml}, expanded, in declaration order. Immutable.
 *
 * @param locations where each stage is defined ({@code mlctl.yaml:LINE:COLUMN}), for errors
 */
public record Pipeline(List<Stage> stages, java.util.Map<String, String> locations) {
  public static final Pipeline EMPTY = new Pipeline(List.of());

  public Pipeline {
    stages = List.copyOf(stages);
    locations = java.util.Map.copyOf(locations);
  }

  public Pipeline(List<Stage> stages) {
    this(stages, java.util.Map.of());
  }

  /** A problem with a stage, at its place in the file when known. */
  BadInputException bad(String stage, String what, String hint) {
    String at = locations.get(stage);
    return new BadInputException((at == null ? "" : at + ": ") + what, hint);
  }

  BadInputException bad(String stage, BadInputException e) {
    return bad(stage, e.getMessage(), e.hint().orElse(null));
  }

  public Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * The stages a target names: a stage by its name, or every {@code NAME@…} of a foreach stage.
   *
   * @throws BadInputException for a name no stage has
   */
  public List<Stage> select(String target) {
    List<Stage> found = new ArrayList<>();
    for (Stage s : stages) {
      if (s.name().equals(target) || s.name().startsWith(target + "@")) {
        found.add(s);
      }
    }
    if (found.isEmpty()) {
      throw new BadInputException("unknown stage '" + target + "'", "mlctl stage list shows the stages of mlctl.yaml");
    }
    return found;
  }
}
