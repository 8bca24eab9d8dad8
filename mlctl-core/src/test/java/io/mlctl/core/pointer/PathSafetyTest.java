package io.mlctl.core.pointer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.testing.TestRepo;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSafetyTest {
  @ParameterizedTest
  @ValueSource(strings = {"raw.csv", "a/b.png", "..a", "a..", "a/.hidden", "\u00e9/x"})
  void problem_ofSafeRelativePath_isNull(String path) {
    assertNull(PathSafety.problem(path));
  }

  // Each problem names the path as written and the reason, so the error line points at it.
  @ParameterizedTest(name = "''{0}'': {1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', emptyValue = "", quoteCharacter = '"', value = {
      "\"\"     | empty path",
      "/abs     | absolute path '/abs' is not allowed",
      "\\abs    | absolute path '\\abs' is not allowed",
      "C:/x     | absolute path 'C:/x' is not allowed",
      "C:       | absolute path 'C:' is not allowed",
      "a\\b     | path 'a\\b' contains a backslash or NUL",
      "..       | path '..' leaves its folder through '..'",
      "../x     | path '../x' leaves its folder through '..'",
      "a/../b   | path 'a/../b' leaves its folder through '..'",
      "a/..     | path 'a/..' leaves its folder through '..'",
      "./a      | path './a' has an empty or '.' part",
      "a/./b    | path 'a/./b' has an empty or '.' part",
      "a//b     | path 'a//b' has an empty or '.' part",
      "a/       | path 'a/' has an empty or '.' part",
  })
  void problem_ofUnsafePath_namesThePathAndTheReason(String path, String problem) {
    assertEquals(problem, PathSafety.problem(path));
  }

  @Test
  void problem_ofANulOrALineBreak_namesThePathAndTheReason() {
    assertEquals("path 'a\0b' contains a backslash or NUL", PathSafety.problem("a\0b"));
    assertEquals("path 'a\\nb' contains a line break", PathSafety.problem("a\nb"));
    assertEquals("path 'a\\rb' contains a line break", PathSafety.problem("a\rb"));
    // As the first character too: a check written '> 0' instead of '>= 0' would miss these.
    assertEquals("path '\0b' contains a backslash or NUL", PathSafety.problem("\0b"));
    assertEquals("path '\\nb' contains a line break", PathSafety.problem("\nb"));
    assertEquals("path '\\rb' contains a line break", PathSafety.problem("\rb"));
  }

  // Git's verify_path: every spelling a file system folds to .git, anywhere in the path.
  @ParameterizedTest
  @ValueSource(strings = {".git/config", ".git", ".GIT/config", ".Git/hooks/pre-commit", "sub/.git/config",
      ".git./config", ".git /config", ".git. . /x", "GIT~1/config", "git~1", ".g\u200cit/config", ".git\ufeff/config",
      ".git::$INDEX_ALLOCATION/config", "a/b/.gIt"})
  void problem_ofPathIntoAGitFolder_isNamed(String path) {
    String problem = PathSafety.problem(path);

    assertNotNull(problem, path);
    assertTrue(problem.contains("Git folder"), problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {".gitignore", ".github/workflows/ci.yml", "x.git", "git/config", ".gits", "git~2/a", ".mlctl",
      "sub/.mlctl/config.yaml"})
  void problem_ofNamesThatOnlyLookLikeGit_isNull(String path) {
    assertNull(PathSafety.problem(path), path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb.txt", "a\rb", "dir/x\ny"})
  void problem_ofPathWithALineBreak_isNamed(String path) {
    assertTrue(PathSafety.problem(path).contains("line break"));
  }

  @ParameterizedTest
  @ValueSource(strings = {".mlctl/config.yaml", ".mlctl", ".MLCTL/cache/sha256/ab/cd", ".mlctl./registry/x.yaml"})
  void rootProblem_ofPathInsideMlctlsFolder_isNamed(String path) {
    String problem = PathSafety.rootProblem(path);

    assertNotNull(problem, path);
    assertTrue(problem.contains(".mlctl/"), problem);
  }

  @Test
  void rootProblem_ofSafePathAndNestedMlctlFolder_isNull() {
    assertNull(PathSafety.rootProblem("data/raw.csv"));
    assertNull(PathSafety.rootProblem("sub/.mlctl/config.yaml"));
    assertNotNull(PathSafety.rootProblem("../x"));
  }

  @Test
  void checkInside_refusesAGitOrMlctlTargetInsideTheRoot(@org.junit.jupiter.api.io.TempDir Path root) {
    Path real = root.toAbsolutePath();
    for (String rel : new String[] {".git/config", "sub/.GIT/hooks/pre-commit", ".mlctl/config.yaml"}) {
      BadInputException e = assertThrows(BadInputException.class,
          () -> PathSafety.checkInside(real, real.resolve(rel), "evil.mlctl"), rel);
      assertTrue(e.getMessage().startsWith("evil.mlctl: path '" + rel + "'"), e.getMessage());
    }
    assertDoesNotThrow(() -> PathSafety.checkInside(real, real.resolve("data/.gitignore"), "ok.mlctl"));
  }

  @Test
  void checkRelative_namesWhereThePathCameFrom() {
    BadInputException e = assertThrows(BadInputException.class, () -> PathSafety.checkRelative("../x", "data.mlctl"));

    assertTrue(e.getMessage().startsWith("data.mlctl: "), e.getMessage());
    assertTrue(e.hint().isPresent());
  }

  @Test
  void checkInside_ofAPathThroughASymlinkOut_isRejected() throws Exception {
    try (FileSystem fs = TestRepo.newFileSystem()) {
      Path root = Files.createDirectories(fs.getPath("/work/repo"));
      Path outside = Files.createDirectories(fs.getPath("/elsewhere"));
      Files.createSymbolicLink(root.resolve("link"), outside);

      BadInputException e = assertThrows(BadInputException.class,
          () -> PathSafety.checkInside(root, root.resolve("link/not-yet.csv"), "link.mlctl"));

      assertEquals("link.mlctl: 'link/not-yet.csv' leaves the work tree through a symlink", e.getMessage());
    }
  }

  @Test
  void checkInside_ofASymlinkThatStaysInside_isAccepted() throws Exception {
    try (FileSystem fs = TestRepo.newFileSystem()) {
      Path root = Files.createDirectories(fs.getPath("/work/repo"));
      Files.createDirectories(root.resolve("real"));
      Files.createSymbolicLink(root.resolve("link"), fs.getPath("real"));

      assertDoesNotThrow(() -> PathSafety.checkInside(root, root.resolve("link/x.csv"), "x"));
    }
  }

  @Test
  void checkInside_ofAPathAboveTheRoot_isRejected() throws Exception {
    try (FileSystem fs = TestRepo.newFileSystem()) {
      Path root = Files.createDirectories(fs.getPath("/work/repo"));

      assertThrows(BadInputException.class, () -> PathSafety.checkInside(root, root.resolve("../other/x"), "x"));
    }
  }

  @Test
  void checkRelativeAndCheckRootRelative_giveBackTheSafePath() {
    assertEquals("data/raw.csv", PathSafety.checkRelative("data/raw.csv", "x.mlctl"));
    assertEquals("data/raw.csv", PathSafety.checkRootRelative("data/raw.csv", "dvc.lock"));
  }

  // A path with a line break gets its own hint, and the file it came from is shown escaped,
  // wherever in the path the break is (the first character too).
  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "\nb", "\rb"})
  void checkRootRelative_ofALineBreak_hintsToRename(String path) {
    BadInputException e = assertThrows(BadInputException.class, () -> PathSafety.checkRootRelative(path, "run\nrecord"));

    assertTrue(e.getMessage().startsWith("run\\nrecord: path '"), e.getMessage());
    assertEquals("rename it: paths mlctl records hold no line breaks", e.hint().orElseThrow());
  }

  @Test
  void checkRootRelative_ofAPathIntoGitOrMlctl_hintsThatMlctlStaysInTheWorkTree() {
    for (String path : new String[] {".mlctl/config.yaml", ".git/config", "../x"}) {
      BadInputException e = assertThrows(BadInputException.class, () -> PathSafety.checkRootRelative(path, "dvc.lock"));

      assertEquals("dvc.lock: " + PathSafety.rootProblem(path), e.getMessage());
      assertEquals("mlctl writes only inside the work tree, never into .git or .mlctl", e.hint().orElseThrow());
    }
  }

  // Parts made only of dots, spaces or characters HFS+ ignores fold to nothing: ordinary names
  // on Linux, and neither .git nor .mlctl.
  @ParameterizedTest
  @ValueSource(strings = {"...", "a/.../b", " ", "a/ /b", ". .", "\u200c", "x/\ufeff"})
  void problem_ofAPartThatFoldsToNothing_isNull(String path) {
    assertNull(PathSafety.problem(path), path);
    assertNull(PathSafety.rootProblem(path), path);
  }

  // The code points HFS+ ignores when it compares names, as Git lists them (utf8.c,
  // next_hfs_char): U+200C..U+200F, U+202A..U+202E, U+206A..U+206F and U+FEFF. Each end of each
  // range is ignored, and the code points just outside are not.
  @ParameterizedTest
  @ValueSource(chars = {'\u200c', '\u200f', '\u202a', '\u202e', '\u206a', '\u206f', '\ufeff'})
  void isDotGit_ignoresWhatHfsIgnores(char c) {
    assertTrue(PathSafety.isDotGit(".g" + c + "it"), Integer.toHexString(c));
    assertTrue(PathSafety.isDotGit(c + ".git"), Integer.toHexString(c));
  }

  @ParameterizedTest
  @ValueSource(chars = {'\u200b', '\u2010', '\u2029', '\u202f', '\u2069', '\u2070', '\ufefe', '\uff00'})
  void isDotGit_keepsCodePointsJustOutsideHfsIgnorableRanges(char c) {
    assertFalse(PathSafety.isDotGit(".g" + c + "it"), Integer.toHexString(c));
    assertFalse(PathSafety.isDotGit(c + ".git"), Integer.toHexString(c));
  }
}
