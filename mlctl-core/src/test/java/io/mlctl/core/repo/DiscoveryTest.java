package io.mlctl.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.NotAProjectException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private final TestFs fs = new TestFs();

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  @Test
  void projectRoot_fromRoot_isRoot() {
    Path root = fs.project("/repo");
    assertEquals(root, Discovery.projectRoot(root));
  }

  @Test
  void projectRoot_fromSubfolder_walksUpToRoot() {
    Path root = fs.project("/repo");
    fs.gen("/repo", Map.of("data/raw/", ""));
    assertEquals(root, Discovery.projectRoot(fs.path("/repo/data/raw")));
  }

  @Test
  void projectRoot_fromRelativeStart_resolvesAgainstWorkingDirectory() {
    // Jimfs' Unix working directory is /work.
    Path root = fs.project("/work");
    fs.gen("/work", Map.of("sub/", ""));
    assertEquals(root, Discovery.projectRoot(fs.path("sub")));
  }

  @Test
  void projectRoot_withDotDotInStart_normalises() {
    Path root = fs.project("/repo");
    fs.gen("/repo", Map.of("a/", "", "b/", ""));
    assertEquals(root, Discovery.projectRoot(fs.path("/repo/a/../b")));
  }

  @Test
  void projectRoot_whenNestedProject_findsNearest() {
    fs.project("/outer");
    Path inner = fs.gen("/outer/inner", Map.of(".mlctl/", "", "src/", ""));
    assertEquals(inner, Discovery.projectRoot(fs.path("/outer/inner/src")));
  }

  @Test
  void findProjectRoot_stopsAtGitBoundaryWithoutMlctl() {
    fs.project("/outer");
    fs.gen("/outer/vendor/lib", Map.of(".git/", "", "src/", ""));
    assertEquals(Optional.empty(), Discovery.findProjectRoot(fs.path("/outer/vendor/lib/src")));
  }

  @Test
  void findProjectRoot_stopsAtGitFileOfSubmoduleOrWorktree() {
    fs.project("/outer");
    // Submodules and linked worktrees have a .git file, not a folder.
    fs.gen("/outer/sub", Map.of(".git", "gitdir: ../.git/modules/sub\n"));
    assertEquals(Optional.empty(), Discovery.findProjectRoot(fs.path("/outer/sub")));
  }

  @Test
  void projectRoot_whenNoProject_throwsNotAProjectNamingStart() {
    fs.gen("/plain", Map.of(".git/", "", "x/", ""));
    Path start = fs.path("/plain/x");
    NotAProjectException e = assertThrows(NotAProjectException.class, () -> Discovery.projectRoot(start));
    assertTrue(e.getMessage().startsWith("not an mlctl project"), e.getMessage());
    assertTrue(e.getMessage().endsWith("/plain/x"), e.getMessage());
    assertTrue(e.hint().isPresent());
  }

  @Test
  void projectRoot_whenNoGitAndNoProjectUpToFsRoot_throwsNotAProject() {
    fs.gen("/nothing/here", Map.of());
    assertThrows(NotAProjectException.class, () -> Discovery.projectRoot(fs.path("/nothing/here")));
  }

  @Test
  void projectRoot_whenMlctlIsAFile_isNotAProject() {
    fs.gen("/repo", Map.of(".git/", "", ".mlctl", "not a folder"));
    assertThrows(NotAProjectException.class, () -> Discovery.projectRoot(fs.path("/repo")));
  }

  @Test
  void gitWorkTree_fromSubfolder_findsNearestGit() {
    fs.gen("/repo", Map.of(".git/", "", "a/b/", ""));
    assertEquals(Optional.of(fs.path("/repo")), Discovery.gitWorkTree(fs.path("/repo/a/b")));
  }

  @Test
  void gitWorkTree_outsideGit_isEmpty() {
    fs.gen("/plain", Map.of());
    assertEquals(Optional.empty(), Discovery.gitWorkTree(fs.path("/plain")));
  }
}
