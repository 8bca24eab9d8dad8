package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.repo.Discovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl status} end to end, and project discovery through it. */
class StatusCommandTest {
  @TempDir
  Path tmp;

  @Test
  void status_onCleanProject_saysUpToDate() {
    Path repo = Cli.project(tmp.resolve("repo"));
    Cli.Result r = Cli.in(repo, "status");
    assertEquals(0, r.code(), r::toString);
    assertEquals("Data and pipelines are up to date.\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void status_check_onCleanProject_exits0() {
    Path repo = Cli.project(tmp.resolve("repo"));
    assertEquals(0, Cli.in(repo, "status", "--check").code());
  }

  @Test
  void status_fromSubfolder_findsProjectAbove() throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Path deep = Files.createDirectories(repo.resolve("data/raw/2024"));
    Cli.Result r = Cli.in(deep, "status");
    assertEquals(0, r.code(), r::toString);
  }

  @Test
  void status_inNestedGitRepoWithoutProject_isNotAProject() throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Path vendored = Cli.gitInit(repo.resolve("vendor/lib"));
    String line = Cli.in(vendored, "status").errorLine(3);
    // The nested repository is where the search stopped: the outer project is not its project.
    assertEquals("mlctl: error: not an mlctl project (or any of the parent directories): " + vendored
        + " (run 'mlctl init' in the Git work tree first)", line);
  }

  @Test
  void status_outsideAnyProject_exits3WithHint() {
    assumeTrue(Discovery.findProjectRoot(tmp).isEmpty());
    String line = Cli.in(tmp, "status").errorLine(3);
    assertEquals("mlctl: error: not an mlctl project (or any of the parent directories): " + tmp
        + " (run 'mlctl init' in the Git work tree first)", line);
  }

  @Test
  void status_json_printsOneDocumentWithContractKeys() {
    Path repo = Cli.project(tmp.resolve("repo"));
    JsonNode doc = Cli.in(repo, "status", "--json").json();
    assertTrue(doc.isObject());
    assertTrue(doc.get("changed").isArray());
    assertTrue(doc.get("stages").isArray());
    assertEquals(2, doc.size(), doc::toString);
  }

  @Test
  void status_jsonAsGlobalOptionBeforeCommand_printsOneDocument() {
    Path repo = Cli.project(tmp.resolve("repo"));
    Cli.run("--json", "-C", repo.toString(), "status", "--check").json();
  }

  @Test
  void status_jsonOutsideProject_printsErrorOnlyOnStderr() {
    assumeTrue(Discovery.findProjectRoot(tmp).isEmpty());
    String line = Cli.in(tmp, "status", "--json").errorLine(3);
    assertEquals("mlctl: error: not an mlctl project (or any of the parent directories): " + tmp
        + " (run 'mlctl init' in the Git work tree first)", line);
  }
}
