package io.mlctl.core.registry;

import io.mlctl.core.BadInputException;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.repo.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Resolves a model reference: a path to a model file (its card beside it), {@code NAME@ALIAS} or
 * {@code NAME@vN}. A file that exists wins, so a model saved as {@code a@b.model} still loads as
 * a path; anything else with an '@' is looked up in the registry.
 */
public final class ModelRefs {
  private ModelRefs() {}

  /**
   * @param cwd where relative paths start
   * @param project opens the project, only when the registry is needed (outside one, only paths work)
   * @param shownAs how messages name a path
   */
  public static TrainedModel load(Path cwd, String ref, Supplier<Project> project, java.util.function.Function<Path, String> shownAs) {
    Path p = cwd.resolve(ref);
    if (Files.exists(p) || ref.indexOf('@') < 0) {
      if (!Files.exists(p)) {
        throw new BadInputException(ref + ": no such model file", "name a model file, NAME@ALIAS or NAME@vN");
      }
      return TrainedModel.load(p, shownAs.apply(p));
    }
    try (Project pr = project.get()) {
      return new ModelRegistry(pr).load(ref);
    }
  }
}
