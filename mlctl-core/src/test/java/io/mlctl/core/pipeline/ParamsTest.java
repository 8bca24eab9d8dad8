package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parameter values a stage's lock entry records, by file then key, and the errors for missing ones. */
class ParamsTest {
  private FileSystem fs;
  private Path root;

  @BeforeEach
  void setUp() throws IOException {
    fs = Jimfs.newFileSystem(Configuration.unix());
    root = Files.createDirectories(fs.getPath("/p"));
    Files.writeString(root.resolve("params.yaml"), "train: {lr: 0.1, epochs: 3}\nseed: 7\n");
    Files.writeString(root.resolve("other.json"), "{\"b\": 2, \"a\": 1}");
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private static Stage stage(Stage.Param... params) {
    return new Stage("s", List.of("x"), ".", List.of(), List.of(params), List.of(), false, false);
  }

  @Test
  void values_areByFileThenKey_aWholeFileByEachOfItsKeys() {
    Map<String, Map<String, Object>> v = Params.values(root, stage(new Stage.Param("params.yaml", "train.lr"),
        new Stage.Param("params.yaml", "seed"), new Stage.Param("other.json", "")));
    assertEquals(Map.of("params.yaml", Map.of("train.lr", 0.1, "seed", 7), "other.json", Map.of("a", 1, "b", 2)), v);
    assertEquals(List.of("other.json", "params.yaml"), List.copyOf(v.keySet()), "sorted");
    assertEquals(List.of("seed", "train.lr"), List.copyOf(v.get("params.yaml").keySet()), "sorted");
    assertEquals(Map.of(), Params.values(root, stage()));
  }

  @Test
  void aMissingFileOrKey_isBadInputNamingTheStage() {
    BadInputException file = assertThrows(BadInputException.class,
        () -> Params.values(root, stage(new Stage.Param("nowhere.yaml", "k"))));
    assertEquals("stage 's': parameter file 'nowhere.yaml' does not exist", file.getMessage());
    BadInputException key = assertThrows(BadInputException.class,
        () -> Params.values(root, stage(new Stage.Param("params.yaml", "train.momentum"))));
    assertEquals("stage 's': parameter 'train.momentum' is not in params.yaml", key.getMessage());
  }

  @Test
  void readDefault_isParamsYaml_orNothing() throws IOException {
    assertEquals(Map.of("train", Map.of("lr", 0.1, "epochs", 3), "seed", 7), Params.readDefault(root));
    Files.delete(root.resolve("params.yaml"));
    assertEquals(Map.of(), Params.readDefault(root));
  }
}
