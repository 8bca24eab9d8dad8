package io.mlctl.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InitTest {
  private static final String GITIGNORE =
      "/cache/\n/tmp/\n/state/\n/runs/\n/logs/\n/serve/\n/config.local.yaml\n";

  private final TestFs fs = new TestFs();

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  @Test
  void init_insideGitWorkTree_createsConfigAndGitignore() throws IOException {
    Path root = fs.gen("/repo", Map.of(".git/", ""));
    Init.Result r = new Init(root).call();

    ProjectLayout layout = new ProjectLayout(root);
    assertEquals(root, r.root());
    assertEquals(Optional.of(root), r.gitWorkTree());
    assertFalse(r.reinitialised());
    assertEquals(List.of(".mlctl/config.yaml", ".mlctl/.gitignore"), r.filesToCommit());
    assertEquals(GITIGNORE, Files.readString(layout.gitignore()));
    assertEquals(Init.CONFIG_TEMPLATE, Files.readString(layout.config()));
  }

  @Test
  void init_inSubfolderOfGitWorkTree_makesSubfolderTheRoot() {
    fs.gen("/repo", Map.of(".git/", "", "ml/", ""));
    Path sub = fs.path("/repo/ml");
    Init.Result r = new Init(sub).call();
    assertEquals(sub, r.root());
    assertEquals(Optional.of(fs.path("/repo")), r.gitWorkTree());
    assertTrue(Files.isDirectory(sub.resolve(".mlctl")));
    assertEquals(sub, Discovery.projectRoot(sub));
  }

  @Test
  void init_outsideGitWorkTree_failsAndWritesNothing() {
    Path dir = fs.gen("/plain", Map.of());
    BadInputException e = assertThrows(BadInputException.class, () -> new Init(dir).call());
    assertEquals("not inside a Git work tree: /plain", e.getMessage());
    assertTrue(e.hint().orElseThrow().contains("--no-git"));
    assertFalse(Files.exists(dir.resolve(".mlctl")));
  }

  @Test
  void init_outsideGitWorkTreeWithNoGit_succeeds() throws IOException {
    Path dir = fs.gen("/plain", Map.of());
    Init.Result r = new Init(dir).noGit(true).call();
    assertEquals(Optional.empty(), r.gitWorkTree());
    assertEquals(GITIGNORE, Files.readString(dir.resolve(".mlctl/.gitignore")));
  }

  @Test
  void init_twice_failsAndKeepsConfig() throws IOException {
    Path root = fs.gen("/repo", Map.of(".git/", ""));
    new Init(root).call();
    new ConfigStore(new ProjectLayout(root)).set("core.lock_wait", "30", false);

    BadInputException e = assertThrows(BadInputException.class, () -> new Init(root).call());
    assertEquals("'/repo' is already an mlctl project", e.getMessage());
    assertTrue(e.hint().orElseThrow().contains("--force"));
    assertEquals(30L, new ConfigStore(new ProjectLayout(root)).read().getLong(ConfigKey.CORE_LOCK_WAIT));
  }

  @Test
  void init_twiceWithForce_rewritesConfigAndGitignoreAndKeepsData() throws IOException {
    Path root = fs.gen("/repo", Map.of(".git/", ""));
    new Init(root).call();
    ProjectLayout layout = new ProjectLayout(root);
    Files.writeString(layout.gitignore(), "edited\n");
    fs.gen("/repo/.mlctl", Map.of("cache/sha256/ab/cdef", "bytes", "registry/models.yaml", "m: 1\n"));

    Init.Result r = new Init(root).force(true).call();

    assertTrue(r.reinitialised());
    assertEquals(GITIGNORE, Files.readString(layout.gitignore()));
    assertEquals(Init.CONFIG_TEMPLATE, Files.readString(layout.config()));
    assertEquals("bytes", Files.readString(layout.objects().resolve("ab/cdef")));
    assertEquals("m: 1\n", Files.readString(layout.registry().resolve("models.yaml")));
  }

  @Test
  void init_gitignore_coversEveryLocalFolderAndNoCommittedOne() throws IOException {
    Path root = fs.gen("/repo", Map.of(".git/", ""));
    new Init(root).call();
    List<String> lines = Files.readAllLines(new ProjectLayout(root).gitignore());
    for (String local : List.of("/cache/", "/tmp/", "/state/", "/runs/", "/logs/", "/serve/", "/config.local.yaml")) {
      assertTrue(lines.contains(local), local);
    }
    for (String committed : List.of("/config.yaml", "/registry/", "/.gitignore")) {
      assertFalse(lines.contains(committed), committed);
    }
  }
}
