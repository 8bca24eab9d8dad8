package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.repo.Discovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl init} end to end, in real folders. */
class InitCommandTest {
  @TempDir
  Path tmp;

  @BeforeEach
  void tempDirIsOutsideAnyGitWorkTree() {
    assumeTrue(Discovery.gitWorkTree(tmp).isEmpty(), "the temp folder is inside a Git work tree: " + tmp);
  }

  @Test
  void init_inRealGitWorkTree_createsProjectAndSaysWhatToCommit() throws IOException {
    assumeTrue(Cli.hasGit(), "git is not installed");
    Path repo = Cli.gitInit(tmp.resolve("repo"));

    Cli.Result r = Cli.in(repo, "init");

    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("Initialised mlctl project in " + repo + "\n"), r.out());
    assertTrue(r.out().contains("git add .mlctl/config.yaml .mlctl/.gitignore"), r.out());
    assertTrue(Files.isRegularFile(repo.resolve(".mlctl/config.yaml")));
    assertTrue(Files.readString(repo.resolve(".mlctl/.gitignore")).contains("/cache/\n"));
  }

  @Test
  void init_inFolderWithGitDir_succeeds() {
    Path repo = tmp.resolve("repo");
    Cli.gitInit(repo);
    assertEquals(0, Cli.in(repo, "init").code());
  }

  @Test
  void init_inSubfolderOfGitWorkTree_makesSubfolderTheProject() throws IOException {
    Path repo = Cli.gitInit(tmp.resolve("repo"));
    Path sub = Files.createDirectories(repo.resolve("ml"));
    assertEquals(0, Cli.in(sub, "init").code());
    assertTrue(Files.isDirectory(sub.resolve(".mlctl")));
    assertFalse(Files.exists(repo.resolve(".mlctl")));
  }

  @Test
  void init_outsideGitWorkTree_exits3AndWritesNothing() {
    String line = Cli.in(tmp, "init").errorLine(3);
    assertEquals("mlctl: error: not inside a Git work tree: " + tmp
        + " (run 'git init' first, or pass --no-git to use mlctl without Git)", line);
    assertFalse(Files.exists(tmp.resolve(".mlctl")));
  }

  @Test
  void init_outsideGitWorkTreeWithNoGit_succeedsWithoutGitAdvice() {
    Cli.Result r = Cli.in(tmp, "init", "--no-git");
    assertEquals(0, r.code(), r::toString);
    assertEquals("Initialised mlctl project in " + tmp + "\n", r.out());
    assertTrue(Files.isRegularFile(tmp.resolve(".mlctl/config.yaml")));
  }

  @Test
  void init_twice_exits3() {
    Path repo = Cli.project(tmp.resolve("repo"));
    String line = Cli.in(repo, "init").errorLine(3);
    assertEquals("mlctl: error: '" + repo + "' is already an mlctl project"
        + " (use --force to re-create .mlctl/config.yaml and .mlctl/.gitignore)", line);
  }

  @Test
  void init_twiceWithForce_reinitialises() throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Files.writeString(repo.resolve(".mlctl/.gitignore"), "edited\n");
    Cli.Result r = Cli.in(repo, "init", "--force");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("Re-initialised mlctl project in " + repo), r.out());
    assertTrue(Files.readString(repo.resolve(".mlctl/.gitignore")).startsWith("/cache/\n"));
  }

  @Test
  void init_withDirectoryOption_initialisesThatDirectoryNotTheWorkingOne() {
    Path repo = Cli.gitInit(tmp.resolve("elsewhere"));
    assertEquals(0, Cli.run("init", "-C", repo.toString()).code());
    assertTrue(Files.isDirectory(repo.resolve(".mlctl")));
    assertFalse(Files.exists(Path.of(System.getProperty("user.dir"), ".mlctl")));
  }

  @Test
  void init_json_printsOneDocument() {
    Path repo = Cli.gitInit(tmp.resolve("repo"));
    JsonNode doc = Cli.in(repo, "init", "--json").json();
    assertEquals(repo.toString(), doc.get("root").asText());
    assertTrue(doc.get("git").asBoolean());
    assertFalse(doc.get("reinitialised").asBoolean());
    assertEquals(".mlctl/config.yaml", doc.get("files").get(0).asText());
    assertEquals(".mlctl/.gitignore", doc.get("files").get(1).asText());
  }

  @Test
  void init_jsonOutsideGit_failsWithNothingOnStdout() {
    String line = Cli.in(tmp, "--json", "init").errorLine(3);
    assertEquals("mlctl: error: not inside a Git work tree: " + tmp
        + " (run 'git init' first, or pass --no-git to use mlctl without Git)", line);
  }

  @Test
  void init_quiet_printsNothing() {
    Path repo = Cli.gitInit(tmp.resolve("repo"));
    Cli.Result r = Cli.in(repo, "init", "-q");
    assertEquals(0, r.code());
    assertEquals("", r.out());
    assertEquals("", r.err());
  }
}
