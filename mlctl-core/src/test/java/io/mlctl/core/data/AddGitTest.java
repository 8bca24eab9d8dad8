package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddGitTest {
  @TempDir
  Path dir;

  private GitTestRepo repo;

  @BeforeEach
  void setUp() {
    repo = GitTestRepo.init(dir);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  @Test
  void add_withAutostage_stagesThePointerAndGitignore() throws Exception {
    repo.project().configStore().set("core.autostage", "true", false);
    repo.write("data/raw.csv", "1,2\n");

    Add.Result r = repo.add("data/raw.csv");

    assertTrue(r.staged());
    Status s = repo.git().status().call();
    assertEquals(Set.of("data/raw.csv.mlctl", "data/.gitignore"), s.getAdded());
    assertFalse(s.getUntracked().contains("data/raw.csv"), "the data itself is ignored, not untracked");
    assertFalse(s.getAdded().contains("data/raw.csv"));
  }

  @Test
  void add_withoutAutostage_stagesNothing() throws Exception {
    repo.write("data/raw.csv", "1,2\n");

    Add.Result r = repo.add("data/raw.csv");

    assertFalse(r.staged());
    assertEquals(List.of("data/raw.csv.mlctl", "data/.gitignore"), r.toStage());
    assertEquals(Set.of(), repo.git().status().call().getAdded());
  }

  @Test
  void add_ofAFileGitTracks_isBadInputAndWritesNothing() {
    repo.write("data/raw.csv", "1,2\n");
    repo.commit("track it in git", "data/raw.csv");

    BadInputException e = assertThrows(BadInputException.class, () -> repo.add("data/raw.csv"));

    assertTrue(e.getMessage().contains("data/raw.csv"), e.getMessage());
    assertTrue(e.hint().orElse("").contains("git rm -r --cached"), e.hint().toString());
    assertFalse(Files.exists(dir.resolve("data/raw.csv.mlctl")));
    assertFalse(Files.exists(dir.resolve("data/.gitignore")));
  }

  @Test
  void add_ofANewFileBesideAFileGitTracks_addsNeitherAndLeavesTheCacheAsItWas() throws Exception {
    repo.write("data/raw.csv", "1,2\n");
    repo.commit("track it in git", "data/raw.csv");
    repo.write("data/new.csv", "3,4\n");

    BadInputException e = assertThrows(BadInputException.class, () -> repo.add("data/new.csv", "data/raw.csv"));

    assertTrue(e.getMessage().contains("'data/raw.csv' is tracked by Git"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("data/new.csv.mlctl")));
    assertFalse(Files.exists(dir.resolve("data/raw.csv.mlctl")));
    // new.csv was hashed into the cache while Git was asked; the refusal took the object back.
    try (var objects = Files.walk(dir.resolve(".mlctl/cache/sha256"))) {
      assertEquals(0, objects.filter(Files::isRegularFile).count());
    }
    assertEquals("3,4\n", Files.readString(dir.resolve("data/new.csv")));
  }

  @Test
  void add_ofAFileGitTracks_withHardlinks_leavesTheWorkTreeFileAsItWas() throws Exception {
    repo.project().configStore().set("cache.type", "hardlink,copy", false);
    repo.write("data/raw.csv", "1,2\n");
    repo.commit("track it in git", "data/raw.csv");

    assertThrows(BadInputException.class, () -> repo.add("data/raw.csv"));

    Path raw = dir.resolve("data/raw.csv");
    assertEquals("1,2\n", Files.readString(raw));
    assertTrue(Files.isWritable(raw));
    assertEquals(1, (int) Files.getAttribute(raw, "unix:nlink"));
  }

  @Test
  void add_ofAFileGitTracks_withSymlinks_refusesBeforeMovingTheFileIntoTheCache() throws Exception {
    repo.project().configStore().set("cache.type", "symlink", false);
    repo.write("data/raw.csv", "1,2\n");
    repo.commit("track it in git", "data/raw.csv");
    Path raw = dir.resolve("data/raw.csv");
    var permissions = Files.getPosixFilePermissions(raw);

    BadInputException e = assertThrows(BadInputException.class, () -> repo.add("data/raw.csv"));

    assertEquals("'data/raw.csv' is tracked by Git", e.getMessage());
    assertFalse(Files.isSymbolicLink(raw), "the file was replaced by a link into the cache");
    assertEquals("1,2\n", Files.readString(raw));
    assertEquals(permissions, Files.getPosixFilePermissions(raw));
    assertFalse(repo.workspace().store().contains(io.mlctl.core.store.Sha256.of("1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  @Test
  void addGit_opensTheRepositoryOnce_forTheCheckAndForStaging() {
    repo.write("data/raw.csv", "1,2\n");
    try (AddGit git = new AddGit(dir)) {
      AddGit.Untracked untracked = git.checkUntracked(List.of("data/raw.csv"));
      untracked.require();

      var first = git.get().orElseThrow();

      assertTrue(first == git.get().orElseThrow(), "opened again");
    }
  }

  @Test
  void addGit_ofNoNewTarget_asksGitNothing_butOpensItForStaging() {
    try (AddGit git = new AddGit(dir)) {
      git.checkUntracked(List.of()).require();

      assertTrue(git.get().isPresent());
    }
  }

  @Test
  void add_ofADirectoryHoldingAFileGitTracks_isBadInput() {
    repo.write("data/raw.csv", "1,2\n");
    repo.write("data/other.csv", "3\n");
    repo.commit("track one in git", "data/raw.csv");

    assertThrows(BadInputException.class, () -> repo.add("data"));
    assertFalse(Files.exists(dir.resolve("data.mlctl")));
  }

  @Test
  void add_insideAGitRepo_isNotConfusedByAProjectInASubfolder() throws Exception {
    // The mlctl project may sit below the Git work tree's top.
    Path sub = Files.createDirectories(dir.resolve("ml"));
    new io.mlctl.core.repo.Init(sub).call();
    Files.writeString(Files.createDirectories(sub.resolve("data")).resolve("x.csv"), "x\n");
    io.mlctl.core.repo.Project.open(sub).configStore().set("core.autostage", "true", false);

    new Add(new Workspace(io.mlctl.core.repo.Project.open(sub))).call(sub, List.of("data/x.csv"));

    assertEquals(Set.of("ml/data/x.csv.mlctl", "ml/data/.gitignore"), repo.git().status().call().getAdded());
  }
}
