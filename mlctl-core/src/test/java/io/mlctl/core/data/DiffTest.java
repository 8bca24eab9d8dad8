package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffTest {
  @TempDir
  Path dir;

  private GitTestRepo repo;
  private String first;
  private String second;

  /** Two commits: the second changes a.csv, adds c.csv and deletes b.csv inside data/, and retrains the model. */
  @BeforeEach
  void setUp() {
    repo = GitTestRepo.init(dir);
    repo.write("data/a.csv", "a1\n");
    repo.write("data/b.csv", "b1\n");
    repo.write("data/sub/s.csv", "s\n");
    repo.write("model.bin", "m1");
    repo.add("data", "model.bin");
    first = repo.commit("v1", "data.mlctl", "model.bin.mlctl", ".gitignore");
    repo.write("data/a.csv", "a2\n");
    repo.delete("data/b.csv");
    repo.write("data/c.csv", "c2\n");
    repo.write("model.bin", "m2");
    repo.add("data", "model.bin");
    second = repo.commit("v2", "data.mlctl", "model.bin.mlctl");
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private Diff.Result diff(String a, String b) {
    return new Diff(repo.workspace()).call(Optional.ofNullable(a), Optional.ofNullable(b));
  }

  @Test
  void diff_betweenTwoCommits_isFileByFileInsideDirectories() {
    Diff.Result r = diff(first, second);

    assertEquals(new Diff.Result(List.of("data/c.csv"), List.of("data/b.csv"), List.of("data/a.csv", "model.bin")), r);
  }

  @Test
  void diff_theOtherWayRound_swapsAddedAndDeleted() {
    Diff.Result r = diff(second, first);

    assertEquals(new Diff.Result(List.of("data/b.csv"), List.of("data/c.csv"), List.of("data/a.csv", "model.bin")), r);
  }

  @Test
  void diff_ofRevisionsByName_resolvesThem() {
    assertEquals(diff(first, second), diff("HEAD~1", "main"));
  }

  @Test
  void diff_ofHeadAndAnUnchangedWorkTree_isEmpty() {
    Diff.Result r = diff(null, null);

    assertTrue(r.empty(), r.toString());
  }

  @Test
  void diff_ofHeadAndTheWorkTree_showsUnaddedChanges() {
    repo.write("data/sub/s.csv", "s changed\n");
    repo.write("data/new.csv", "n\n");
    repo.delete("data/c.csv");
    repo.delete("model.bin");

    Diff.Result r = diff(null, null);

    assertEquals(new Diff.Result(List.of("data/new.csv"), List.of("data/c.csv", "model.bin"), List.of("data/sub/s.csv")), r);
    assertFalse(r.empty());
  }

  @Test
  void diff_withTheWorkTree_recordsWhatItRead_forTheNextCommand() throws Exception {
    repo.write("data/sub/s.csv", "s changed\n");
    // An hour ahead, so that the file just written is not "racily clean" for the hash cache.
    Workspace ws = new Workspace(io.mlctl.core.repo.Project.open(repo.root(),
        java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1)), java.util.Map.of()));

    new Diff(ws).call(Optional.empty(), Optional.empty());

    java.nio.file.Path s = repo.root().resolve("data/sub/s.csv");
    assertEquals(Optional.of(io.mlctl.core.store.Sha256.of(java.nio.file.Files.readAllBytes(s))),
        new Workspace(io.mlctl.core.repo.Project.open(repo.root())).hashes().lookup("data/sub/s.csv",
            io.mlctl.core.state.FileStat.of(s)));
  }

  /**
   * A file big enough for the fast hash (openssl where installed) changed in place, one byte in
   * its middle and its size the same: only a hash can see it, and both status and diff do.
   */
  @Test
  void statusAndDiff_ofABigFileChangedInPlace_seeTheChange() throws Exception {
    byte[] big = new byte[(int) (64L << 20) + 1];
    new java.util.Random(9).nextBytes(big);
    Path file = java.nio.file.Files.write(dir.resolve("big.bin"), big);
    repo.add("big.bin");
    repo.commit("big", "big.bin.mlctl");
    assertEquals(List.of(), new DataStatus(repo.workspace()).all());

    big[32 << 20] ^= 1;
    java.nio.file.Files.write(file, big);
    java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));

    assertEquals(List.of(new io.mlctl.core.status.StatusResult.ChangedPath("big.bin",
        io.mlctl.core.status.StatusResult.State.MODIFIED)), new DataStatus(repo.workspace()).all());
    assertEquals(new Diff.Result(List.of(), List.of(), List.of("big.bin")), diff(null, null));
  }

  @Test
  void diff_ofOnlyAnAddedOrADeletedFile_isNotEmpty() {
    assertFalse(new Diff.Result(List.of("a"), List.of(), List.of()).empty());
    assertFalse(new Diff.Result(List.of(), List.of("a"), List.of()).empty());
    assertFalse(new Diff.Result(List.of(), List.of(), List.of("a")).empty());
    assertTrue(new Diff.Result(List.of(), List.of(), List.of()).empty());
  }

  @Test
  void diff_ofADirectoryWhoseManifestIsNotInTheCache_comparesItAsAWhole() throws Exception {
    String manifest = io.mlctl.core.pointer.PointerFile.parse(java.nio.file.Files.readString(repo.root().resolve("data.mlctl")),
        "data.mlctl").get(0).sha256();
    java.nio.file.Files.delete(repo.workspace().store().path(manifest));

    Diff.Result r = diff(first, second);

    assertEquals(new Diff.Result(List.of("data"), List.of("data/a.csv", "data/b.csv", "data/sub/s.csv"), List.of("model.bin")), r);
  }

  @Test
  void diff_ofOneRevision_comparesItWithTheWorkTree() {
    Diff.Result r = diff(first, null);

    assertEquals(diff(first, second), r);
  }

  @Test
  void diff_ofAnUnknownRevision_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> diff("no-such-branch", null));

    assertTrue(e.getMessage().contains("no-such-branch"), e.getMessage());
  }

  @Test
  void diff_withTheWorkTree_saysWhatIsWrongWithItsPointers_asItsOwnError() {
    // The work tree is read on a second thread while Git's side is read: its errors still reach the caller as they were thrown.
    repo.write("model.bin.mlctl", "outs:\n- path: ../outside\n  sha256: " + "a".repeat(64) + "\n");

    BadInputException e = assertThrows(BadInputException.class, () -> diff(null, null));

    assertTrue(e.getMessage().contains("model.bin.mlctl"), e.getMessage());
  }

  @Test
  void diff_ofAnUnknownRevision_returnsOnlyOnceTheWorkTreeIsHashed() throws Exception {
    // The work tree's hashing writes the hash cache: it must not outlive the failed diff.
    byte[] big = new byte[32 << 20];
    new java.util.Random(7).nextBytes(big);
    java.nio.file.Files.write(dir.resolve("model.bin"), big);

    assertThrows(BadInputException.class, () -> diff("no-such-branch", null));

    List<String> left = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("mlctl-diff-worktree") && t.isAlive())
        .map(Thread::getName)
        .toList();
    assertEquals(List.of(), left);
  }

  @Test
  void diff_ofAnUnknownRevision_winsOverAWorkTreeError() {
    repo.write("model.bin.mlctl", "not: [a pointer");

    BadInputException e = assertThrows(BadInputException.class, () -> diff("no-such-branch", null));

    assertTrue(e.getMessage().contains("no-such-branch"), e.getMessage());
  }
}
