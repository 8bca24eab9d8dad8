package io.mlctl.serve;

import io.mlctl.core.model.Algorithm;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.Train;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * An mlctl project in a Git repository with small trained models: {@code points} (classification
 * of x, y and a categorical region into lo/hi) registered as v1 (logistic, promoted to production)
 * and v2 (CART), and {@code linear} (regression) and {@code xy} (logistic on the numeric x and y alone), for the server's tests.
 */
final class TestProject {
  final Path root;

  private TestProject(Path root) {
    this.root = root;
  }

  static TestProject create(Path dir) {
    try {
      Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    new Init(dir).call();
    TestProject p = new TestProject(dir.toAbsolutePath().normalize());
    Path points = p.copy("points.csv");
    Path logistic = p.train(points, "label", Task.CLASSIFICATION, Algorithm.LOGISTIC, "models/logistic.model");
    Path cart = p.train(points, "label", Task.CLASSIFICATION, Algorithm.CART, "models/cart.model");
    p.register("points", logistic);
    p.register("points", cart);
    p.promote("points", "v1", "production");
    new Train(p.root, Clock.systemUTC()).call(new Train.Spec(points, "label", Task.CLASSIFICATION, Algorithm.LOGISTIC, Map.of(), 7L,
        List.of("x", "y"), List.of(), p.root.resolve("models/xy.model"), f -> p.root.relativize(f).toString()));
    p.train(p.copy("linear.csv"), "target", Task.REGRESSION, Algorithm.LINEAR, "models/linear.model");
    return p;
  }

  Path copy(String name) {
    try (InputStream in = TestProject.class.getResourceAsStream("/model/" + name)) {
      Path target = root.resolve("data").resolve(name);
      Files.createDirectories(target.getParent());
      Files.write(target, in.readAllBytes());
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path train(Path data, String label, Task task, Algorithm a, String out) {
    return new Train(root, Clock.systemUTC()).call(new Train.Spec(data, label, task, a, Map.of(), 7L, List.of(), List.of(),
        root.resolve(out), p -> root.relativize(p).toString())).model();
  }

  Project project() {
    return Project.open(root, Clock.systemUTC(), Map.of("USER", "tester"));
  }

  void register(String name, Path model) {
    try (Project p = project()) {
      new ModelRegistry(p).register(name, model, root.relativize(model).toString(), null, null);
    }
  }

  void promote(String name, String version, String alias) {
    try (Project p = project()) {
      new ModelRegistry(p).promote(name, version, alias, List.of());
    }
  }

  void rollback(String name, String alias) {
    try (Project p = project()) {
      new ModelRegistry(p).rollback(name, alias);
    }
  }

  ModelSource source(boolean pull) {
    return new ModelSource(root, this::project, pull);
  }
}
