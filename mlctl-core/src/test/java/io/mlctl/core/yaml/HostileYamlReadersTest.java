package io.mlctl.core.yaml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import io.mlctl.core.exp.ParamOverrides;
import io.mlctl.core.metrics.DataFiles;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.repo.ProjectLayout;
import io.mlctl.core.validate.SchemaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reader of a YAML file mlctl keeps refuses the classic attacks on YAML parsers quickly, as
 * bad input naming the file, line and column: a billion-laughs document (nine levels of nine
 * aliases of the level before: 9^9 strings from under 1 KB) and nesting thousands of levels deep,
 * in flow style and in block style. (The time-out only guards against a hang.)
 */
class HostileYamlReadersTest {
  private static final Duration HANG = Duration.ofSeconds(20);
  private static final Path ROOT = Jimfs.newFileSystem(Configuration.unix()).getPath("/repo");

  /** A reader: the name it gives the file in messages, and the call that reads text as that file. */
  private record Reader(String shownAs, Function<String, Object> read) {
    @Override
    public String toString() {
      return shownAs;
    }
  }

  private static List<Reader> readers() {
    return List.of(
        new Reader("data/raw.csv.mlctl", t -> PointerFile.parse(t, "data/raw.csv.mlctl")),
        new Reader(PipelineFile.NAME, t -> new PipelineFile(ROOT).parse(t)),
        new Reader(LockFile.NAME, t -> LockFile.parse(t, LockFile.NAME)),
        new Reader("params.yaml", t -> YamlFiles.loadMap(write("params.yaml", t), "params.yaml")),
        new Reader("metrics.yaml", t -> DataFiles.parseMap(t, "metrics.yaml", "metrics.yaml")),
        new Reader("other.yaml", t -> ParamOverrides.apply(Map.of("other.yaml", t),
            List.of(ParamOverrides.Override.parse("other.yaml:a=1")))),
        new Reader(".mlctl/registry/iris.yaml", t -> ModelRegistry.objectsIn(t, ".mlctl/registry/iris.yaml")),
        new Reader(".mlctl/config.yaml", t -> {
          write(".mlctl/config.yaml", t);
          return new ConfigStore(new ProjectLayout(ROOT)).read();
        }),
        new Reader("schema.yaml", t -> SchemaFile.parse(t, "schema.yaml")));
  }

  private static Path write(String name, String text) {
    try {
      Path f = ROOT.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, text);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The textbook attack, with a top-level mapping as every file here has. */
  static String billionLaughs() {
    StringBuilder sb = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char prev = (char) (c - 1);
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      sb.append("]\n");
    }
    return sb.toString();
  }

  static String deepFlow() {
    return "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
  }

  static String deepBlock() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append(" ".repeat(i)).append("k:\n");
    }
    return sb.append(" ".repeat(1000)).append("leaf\n").toString();
  }

  static Stream<Arguments> attacks() {
    return readers().stream().flatMap(r -> Stream.of(
        Arguments.of(r, "billion laughs", billionLaughs()),
        Arguments.of(r, "deep flow nesting", deepFlow()),
        Arguments.of(r, "deep block nesting", deepBlock())));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("attacks")
  void read_ofAHostileDocument_isBadInputNamingFileLineAndColumn(Reader reader, String attack, String text) {
    BadInputException e = assertTimeoutPreemptively(HANG, () -> assertThrows(BadInputException.class, () -> reader.read().apply(text)));

    assertTrue(Pattern.compile(Pattern.quote(reader.shownAs()) + ":\\d+:\\d+: .+").matcher(e.getMessage()).matches(), e.getMessage());
    assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
  }
}
