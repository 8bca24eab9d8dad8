package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The paths stages name are normalised one way, and the ones leaving the work tree refused. */
class PathRulesTest {
  private static final Stage STAGE = stage();

  private static Stage stage() {
    try (java.nio.file.FileSystem fs = com.google.common.jimfs.Jimfs.newFileSystem(com.google.common.jimfs.Configuration.unix())) {
      return new PipelineFile(fs.getPath("/")).parse("stages:\n  s:\n    cmd: 'true'\n").stages().get(0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "data, data",
      "./data, data",
      "././data/, data",
      "data/, data",
      "data//, data",
      "a//b, a/b",
      "a/./b, a/b",
      "a/././b, a/b",
      "a/./b/., a/b",
      "data/., data",
      "'a\\b', a/b",
      ".hidden/x, .hidden/x",
      "a/.../b, a/.../b",
      "ab:c, ab:c",
  })
  void dependency_isNormalised(String given, String normal) {
    assertEquals(normal, PathRules.checkDep(STAGE, given));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "./", "./.", "/", "/abs/path", "C:/data", "c:data", "x:y", "\\\\server\\share"})
  void dependency_outsideTheWorkTree_isRefused(String given) {
    BadInputException e = assertThrows(BadInputException.class, () -> PathRules.checkDep(STAGE, given));
    assertTrue(e.getMessage().contains("must be a path relative to the root"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "a\\..\\b"})
  void dependency_climbingUp_isRefused(String given) {
    BadInputException e = assertThrows(BadInputException.class, () -> PathRules.checkDep(STAGE, given));
    assertTrue(e.getMessage().contains("may not contain '..'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {".git", ".git/x", "./.mlctl/cache", ".mlctl", ".GIT/config", "sub/.git/hooks/pre-commit", "git~1/x", ".git./x", ".MLCTL/x"})
  void output_insideGitOrMlctl_isRefused(String given) {
    BadInputException e = assertThrows(BadInputException.class, () -> PathRules.checkOut(STAGE, given));
    assertTrue(e.getMessage().contains("is inside"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {".gitignore", ".mlctlx/y", "git/x"})
  void output_besideGitOrMlctl_isAllowed(String given) {
    assertEquals(List.of(given), List.of(PathRules.checkOut(STAGE, given)));
  }
}
