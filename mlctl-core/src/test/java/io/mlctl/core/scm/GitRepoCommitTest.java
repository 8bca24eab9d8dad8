package io.mlctl.core.scm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepoCommitTest {
  @TempDir
  Path tmp;

  @Test
  void commit_knownSha_givesAuthorTimeAndSummary_unknownOrSymbolicGivesNothing() {
    try (GitTestRepo repo = GitTestRepo.init(tmp.resolve("r"))) {
      repo.write("a.txt", "a");
      String sha = repo.commit("First line\n\nbody", "a.txt");
      try (GitRepo git = GitRepo.open(repo.root()).orElseThrow()) {
        GitRepo.CommitInfo c = git.commit(sha).orElseThrow();
        assertEquals(sha, c.id());
        assertEquals("Test", c.author());
        assertEquals("First line", c.summary());
        assertTrue(c.time().endsWith("Z"), c.time());
        assertTrue(git.commit("0".repeat(40)).isEmpty());
        // A lineage names commits by SHA-1; a branch or HEAD is not a recorded commit.
        assertTrue(git.commit("HEAD").isEmpty());
        assertTrue(git.commit(sha.substring(0, 12)).isEmpty());
        // A blob's id is not a commit.
        String blob = repo.git().getRepository().resolve("HEAD:a.txt").name();
        assertTrue(git.commit(blob).isEmpty());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
