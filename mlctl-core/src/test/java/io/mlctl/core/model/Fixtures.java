package io.mlctl.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The small CSV files under src/test/resources/model, copied where a test wants them. */
public final class Fixtures {
  private Fixtures() {}

  public static Path copy(String name, Path dir) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/model/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      Files.createDirectories(dir);
      Path p = dir.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Trains {@code algorithm} on {@code data} (label column {@code label}) into {@code out}. */
  public static Train.Result train(Path root, Path data, String label, Task task, Algorithm algorithm, Map<String, String> params,
      Path out) {
    return new Train(root, java.time.Clock.systemUTC()).call(new Train.Spec(data, label, task, algorithm, params, 42L,
        List.of(), List.of(), out, p -> p.getFileName().toString()));
  }
}
