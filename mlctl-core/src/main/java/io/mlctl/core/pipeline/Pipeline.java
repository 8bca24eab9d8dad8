package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The stages of {@code mlctl.yaml}, expanded, in declaration order. Immutable. */
public record Pipeline(List<Stage> stages) {
  public static final Pipeline EMPTY = new Pipeline(List.of());

  public Pipeline {
    stages = List.copyOf(stages);
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
