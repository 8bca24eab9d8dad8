package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.cli.e2e.CliRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddEndToEndTest {
  /** The contract's error line: one line, with a hint in parentheses. */
  private static final String ERROR_WITH_HINT = "mlctl: error: [^\\n]+ \\([^\\n]+\\)\\R";

  @TempDir
  Path dir;

  private CliRepo repo;

  @BeforeEach
  void setUp() {
    repo = CliRepo.init(dir.resolve("repo"));
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  @Test
  void add_ofAFile_exits0AndWritesThePointer() {
    repo.write("data/raw.csv", "1,2\n");

    Run r = repo.run("add", "data/raw.csv");

    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Added data/raw.csv"), r.out());
    assertTrue(r.out().contains("git add data/raw.csv.mlctl data/.gitignore"), r.out());
    assertTrue(repo.read("data/raw.csv.mlctl").startsWith("outs:\n- path: raw.csv\n  sha256: "));
    assertEquals("/raw.csv\n", repo.read("data/.gitignore"));
  }

  @Test
  void add_json_isOneDocumentNamingTheOutput() throws Exception {
    repo.write("data/raw.csv", "1,2\n");

    Run r = repo.run("--json", "add", "data/raw.csv");

    assertEquals(0, r.code(), r.toString());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    JsonNode a = doc.get("added").get(0);
    assertEquals("data/raw.csv", a.get("path").asText());
    assertEquals("file", a.get("kind").asText());
    assertEquals(4, a.get("size").asLong());
    assertEquals("data/raw.csv.mlctl", a.get("pointer").asText());
    assertFalse(doc.get("staged").asBoolean());
  }

  @ParameterizedTest
  @ValueSource(strings = {".git", ".git/config", ".mlctl", ".mlctl/config.yaml", "../outside.csv", "/etc/hostname", "."})
  void add_ofAPathMlctlNeverTracks_exits3WithAHint(String path) throws Exception {
    Files.writeString(dir.resolve("outside.csv"), "o\n");

    Run r = repo.run("add", path);

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().matches(ERROR_WITH_HINT), r.err());
    assertEquals("", r.out());
    assertFalse(repo.exists(".git.mlctl"));
    assertFalse(repo.exists(".mlctl.mlctl"));
    assertFalse(Files.exists(dir.resolve("outside.csv.mlctl")));
  }

  @Test
  void add_ofAMissingFile_exits3() {
    Run r = repo.run("add", "data/none.csv");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: 'data/none.csv' does not exist"), r.err());
  }

  @Test
  void add_ofAFileGitTracks_exits3WithAHint() {
    repo.write("data/raw.csv", "1,2\n");
    repo.commit("data in git", "data/raw.csv");

    Run r = repo.run("add", "data/raw.csv");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().matches(ERROR_WITH_HINT), r.err());
    assertTrue(r.err().contains("git rm -r --cached"), r.err());
    assertFalse(repo.exists("data/raw.csv.mlctl"));
  }

  @Test
  void add_withAutostage_stagesPointerAndGitignore() throws Exception {
    repo.ok("config", "set", "core.autostage", "true");
    repo.write("data/raw.csv", "1,2\n");

    Run r = repo.run("add", "data/raw.csv");

    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Staged data/raw.csv.mlctl data/.gitignore"), r.out());
    assertEquals(Set.of("data/raw.csv.mlctl", "data/.gitignore"), repo.git().status().call().getAdded());
  }

  @Test
  void add_withoutArguments_exits2() {
    Run r = repo.run("add");

    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: "), r.err());
  }

  @Test
  void unknownCommandOrOption_exits2() {
    assertEquals(2, repo.run("adde", "x").code());
    assertEquals(2, repo.run("status", "--bogus").code());
    assertEquals(2, repo.run("gc", "--all-commit").code());
  }

  @Test
  void dataCommands_outsideAProject_exit3() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(plain.resolve("a.csv"), "a");

    for (String[] args : new String[][] {{"add", "a.csv"}, {"status"}, {"checkout"}, {"ls"}, {"gc"}, {"fsck"},
        {"diff"}, {"unprotect", "a.csv"}}) {
      Run r = CliRepo.run(plain, args);
      assertEquals(3, r.code(), String.join(" ", args) + "\n" + r);
      assertTrue(r.err().matches(ERROR_WITH_HINT), r.err());
    }
  }

  @Test
  void add_fromASubfolder_resolvesPathsAgainstIt() {
    repo.write("data/raw.csv", "1,2\n");

    Run r = CliRepo.run(repo.path("data"), "add", "raw.csv");

    assertEquals(0, r.code(), r.toString());
    assertTrue(repo.exists("data/raw.csv.mlctl"));
  }

  @Test
  void add_ofNamesWithGlobCharacters_exits0() {
    for (String name : new String[] {"a[b.csv", "c{d.csv", "e*f?.csv"}) {
      repo.write("data/" + name, name);

      Run r = repo.run("add", "data/" + name);

      assertEquals(0, r.code(), name + "\n" + r);
      assertTrue(repo.exists("data/" + name + ".mlctl"), name);
    }
    assertEquals(0, repo.run("status", "--check").code());
  }

  @Test
  void jsonError_printsNothingOnStdout() {
    Run r = repo.run("--json", "add", ".mlctl");

    assertEquals(3, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().matches(ERROR_WITH_HINT), r.err());
  }

  @Test
  void add_ofANameWithABackslash_exits3AndWritesNothing() {
    // Linux allows it; a pointer or manifest path may not hold it.
    repo.write("data/odd\\name.csv", "x");
    repo.write("images/a.png", "a");
    repo.write("images/back\\slash.png", "b");

    Run file = repo.run("add", "data/odd\\name.csv");
    Run dir = repo.run("add", "images");

    assertEquals(3, file.code(), file.toString());
    assertEquals(3, dir.code(), dir.toString());
    assertTrue(dir.err().matches(ERROR_WITH_HINT), dir.err());
    assertFalse(repo.exists("data/odd\\name.csv.mlctl"));
    assertFalse(repo.exists("images.mlctl"));
    assertEquals(java.util.List.of(), repo.objects());
    assertEquals(0, repo.run("status", "--check").code());
  }
}
