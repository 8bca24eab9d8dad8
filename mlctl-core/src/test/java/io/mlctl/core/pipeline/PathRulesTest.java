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

  // A lock or mlctl.yaml written on Windows can reach a Linux user: a drive path is absolute
  // there, whichever letter and separator it has, and would name a file outside the work tree.
  @ParameterizedTest
  @ValueSource(strings = {"C:/data", "C:\\data", "C:", "A:x", "Z:/x", "a:x", "z:\\x", "M:"})
  void dependencyAndOutput_onAWindowsDrive_areRefusedInTheUsersSpelling(String given) {
    BadInputException dep = assertThrows(BadInputException.class, () -> PathRules.checkDep(STAGE, given));
    assertEquals("stage 's': dependency '" + given + "' must be a path relative to the root", dep.getMessage());
    BadInputException out = assertThrows(BadInputException.class, () -> PathRules.checkOut(STAGE, given));
    assertEquals("stage 's': output '" + given + "' must be a path relative to the root", out.getMessage());
  }

  // Only a letter before the colon makes a drive: the characters either side of A-Z and a-z do not.
  @ParameterizedTest
  @ValueSource(strings = {"@:x", "[:x", "`:x", "{:x", "1:x", ":x", "x"})
  void aColonAfterSomethingOtherThanALetter_isAPlainName(String given) {
    assertEquals(given, PathRules.checkDep(STAGE, given));
    assertEquals(given, PathRules.checkOut(STAGE, given));
  }

  @ParameterizedTest
  @CsvSource({
      "sub, x, sub/x",
      "sub, ./x/, sub/x",
      "sub, ../x, x",
      "a/b, ../../x, x",
      "a/b, .., a",
      "a, .., .",
      "., x, x",
      "sub, '..\\x', x",
      // Paths that leave the work tree come back as the user wrote them, for the checks to refuse.
      "sub, ../../x, sub/../../x",
      "., ../x, ../x",
      "sub, /abs/x, /abs/x",
      "sub, C:/x, C:/x",
      "sub, 'C:\\x', 'C:\\x'",
      "sub, z:x, z:x",
      // Not a drive: a name in the folder.
      "sub, @:x, sub/@:x",
  })
  void join_takesAPathRelativeToAFolder(String dir, String path, String joined) {
    assertEquals(joined, PathRules.join(dir, path));
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
