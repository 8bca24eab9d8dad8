package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.cli.e2e.CliRepo.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a careless or hostile author wrote: each is refused with one line naming the file (and
 * its place), exit 3, without a stack trace, and leaves the repository as it was and unlocked.
 * (Time-outs guard against a hang, the defect these replace; speed is measured in bench/.)
 */
class HostileInputEndToEndTest {
  private static final Duration HANG = Duration.ofSeconds(60);

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

  /**
   * About 1 MB that expands to 5 GB: a million-character scalar and 5000 aliases of it. With
   * {@code words}, the scalar has spaces, so what is refused is the expansion, not the long run.
   */
  private void writeAliasBomb(boolean words) throws IOException {
    String scalar = words ? "xxx ".repeat(250_000) : "x".repeat(1_000_000);
    StringBuilder sb = new StringBuilder("a: &a \"").append(scalar).append("\"\nb: [");
    for (int i = 0; i < 5000; i++) {
      sb.append(i == 0 ? "*a" : ", *a");
    }
    Files.writeString(repo.path("params.yaml"), sb.append("]\n"));
  }

  @Test
  void repro_ofAStageReadingAnAliasBomb_exits3NamingParamsYaml_andLeavesTheLockFree() throws IOException {
    writeAliasBomb(true);
    repo.write("mlctl.yaml", "stages:\n  use:\n    cmd: echo hi > out.txt\n    params: [b]\n    outs: [out.txt]\n");

    Run r = assertTimeoutPreemptively(HANG, () -> repo.run("repro"));

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: params.yaml:2:"), r.err());
    assertTrue(r.err().contains("expands to more than"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
    assertFalse(repo.exists("out.txt"));
    // The lock is free: a command that takes it runs.
    repo.write("params.yaml", "b: 1\n");
    assertEquals(0, repo.run("repro").code());
  }

  /**
   * A repository whose author committed .mlctl/state/pipeline (git add -f) with other commands than
   * its mlctl.yaml shows: repro runs what mlctl.yaml says, never what the committed cache says.
   */
  @Test
  void repro_ofACommittedPipelineCache_runsWhatMlctlYamlSays(@TempDir Path theirHome) throws IOException {
    String yaml = "stages:\n  greet:\n    cmd: echo hi > out.txt\n    outs: [out.txt]\n";
    repo.write("mlctl.yaml", yaml);
    Files.createDirectories(repo.path(".mlctl/state"));
    assertEquals(0, repo.run("repro").code(), "reading the pipeline writes this machine's cache");
    Files.delete(repo.path("out.txt"));
    Path cache = repo.path(".mlctl/state/pipeline");
    String[] lines = Files.readString(cache).split("\n", 3);
    String forged = lines[2].replace("echo hi > out.txt", "echo pwned > out.txt; touch pwned");
    io.mlctl.core.state.MachineKey theirs = io.mlctl.core.state.MachineKey.of(
        java.util.Map.of("XDG_CACHE_HOME", theirHome.toString()), theirHome.toString());
    Files.writeString(cache, lines[0] + "\n" + theirs.seal(forged, true) + "\n" + forged);

    Run r = repo.run("repro");

    assertEquals(0, r.code(), r.toString());
    assertEquals("hi\n", Files.readString(repo.path("out.txt")));
    assertFalse(repo.exists("pwned"));
  }

  @Test
  void paramsShow_ofAnAliasBomb_exits3Quickly_withoutAStackTrace() throws IOException {
    for (boolean words : new boolean[] {false, true}) {
      writeAliasBomb(words);

      Run r = assertTimeoutPreemptively(HANG, () -> repo.run("params", "show"));

      assertEquals(3, r.code(), r.toString());
      assertEquals(1, r.err().lines().count(), r.err());
      // One million x in a row is refused as a long run, with spaces as an expansion.
      assertTrue(r.err().startsWith(words ? "mlctl: error: params.yaml:2:" : "mlctl: error: params.yaml:1:7: "), r.err());
      assertFalse(r.err().contains("OutOfMemoryError"), r.err());
    }
  }

  @Test
  void oneLinePointerOfFourMegabytes_isRefusedAtItsPlace() throws IOException {
    repo.write("big.mlctl", "outs: [{path: " + "p".repeat(4 * 1024 * 1024) + "}]\n");

    Run r = assertTimeoutPreemptively(HANG, () -> repo.run("status"));

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: big.mlctl:1:15: more than 262144 characters without a space or line break"),
        r.err());
  }

  @Test
  void hundredMegabyteCommentInThePipeline_isRefusedNamingTheLimit() throws IOException {
    // Over the 16 MiB limit, in lines a person could have written.
    String line = "# " + "a comment that goes on ".repeat(4) + "\n";
    repo.write("mlctl.yaml", "stages: {}\n" + line.repeat(17 * 1024 * 1024 / line.length() + 1));

    Run r = assertTimeoutPreemptively(HANG, () -> repo.run("repro"));

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: mlctl.yaml: the file has "), r.err());
    assertTrue(r.err().contains("more than the 16777216 mlctl reads from a YAML file (raise the limit with MLCTL_YAML_MAX_BYTES=BYTES"),
        r.err());
  }

  @Test
  void add_ofANameWithALineBreak_exits3_andWritesNoIgnoreLine() throws IOException {
    repo.write("nl\nf.txt", "1\n");

    Run r = repo.run("add", "nl\nf.txt");

    assertEquals(3, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("mlctl: error: 'nl\\nf.txt': path 'nl\\nf.txt' contains a line break (rename it"), r.err());
    assertFalse(repo.exists(".gitignore"));
    assertFalse(repo.exists("nl\nf.txt.mlctl"));
  }

  @Test
  void add_ofANameWithATrailingSpace_writesAnIgnoreLineGitReadsAsThatName() throws IOException {
    repo.write("trail.txt ", "1\n");

    repo.ok("add", "trail.txt ");

    assertEquals(List.of("/trail.txt\\ "), repo.read(".gitignore").lines().toList());
    assertTrue(repo.exists("trail.txt .mlctl"));
  }
}
