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
    if (Files.exists(p)) {
      return TrainedModel.load(p, shownAs.apply(p));
    }
    if (ref.indexOf('@') < 0) {
      // A bare name that is no file: the newest version of the model so named, if there is one.
      Project pr;
      try {
        pr = project.get();
      } catch (io.mlctl.core.NotAProjectException | BadInputException | io.mlctl.core.BadArgumentException notHere) {
        throw noSuchFile(ref);
      }
      try (pr) {
        ModelRegistry reg = new ModelRegistry(pr);
        if (!ModelRegistry.validName(ref) || reg.find(ref).isEmpty()) {
          throw noSuchFile(ref);
        }
        return reg.load(ref);
      }
    }
    try (Project pr = project.get()) {
      return new ModelRegistry(pr).load(ref);
    }
  }

  private static BadInputException noSuchFile(String ref) {
    return new BadInputException(ref + ": no such model file or registered model", "name a model file, NAME, NAME@ALIAS or NAME@vN");
  }
}
