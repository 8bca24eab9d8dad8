package io.mlctl.serve;

import io.mlctl.core.model.Algorithm;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.Train;
import io.mlctl.core.model.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Scorers of the test models, trained outside a project into a folder the test owns, for tests
 * that check requests without a server: {@code points} reads x and y (numbers) and region (a
 * category) and answers lo or hi; its card's label column is {@code label}.
 */
final class TrainedScorers {
  private TrainedScorers() {}

  static Scorer points(Path dir) {
    return new Scorer(pointsModel(dir));
  }

  static TrainedModel pointsModel(Path dir) {
    try (InputStream in = TrainedScorers.class.getResourceAsStream("/model/points.csv")) {
      Files.createDirectories(dir);
      Path data = Files.write(dir.resolve("points.csv"), in.readAllBytes());
      Path model = new Train(null, Clock.systemUTC()).call(new Train.Spec(data, "label", Task.CLASSIFICATION, Algorithm.LOGISTIC,
          Map.of(), 7L, List.of(), List.of(), dir.resolve("points.model"), Path::toString)).model();
      return TrainedModel.load(model, "points");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
