package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The work tree through its pointers: links in a scan, targets, pointers, the hash cache's part. */
class WorkspaceTest {
  private TestRepo repo;

  @BeforeEach
  void setUp() {
    repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n", "images/a.png", "a", "other.txt", "o"));
    new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv", "images"));
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void scan_followsALinkToAFileInsideTheWorkTree() throws Exception {
    Files.createSymbolicLink(repo.path("images/raw-link.csv"), repo.path("data/raw.csv"));

    List<Workspace.Found> found = repo.workspace().scan(repo.path("images"));

    assertEquals(List.of("a.png", "raw-link.csv"), found.stream().map(Workspace.Found::path).toList());
    // The link's stat is its target's: four bytes, not the length of the link.
    assertEquals(4, found.get(1).stat().size());
    assertEquals(FileStat.of(repo.path("data/raw.csv")), found.get(1).stat());
  }

  @Test
  void scan_ofALinkLeavingTheWorkTree_isBadInputNamingIt() throws Exception {
    Path outside = Files.writeString(Files.createDirectories(repo.root().getFileSystem().getPath("/elsewhere")).resolve("x"), "x");
    Files.createSymbolicLink(repo.path("images/out.png"), outside);

    BadInputException e = assertThrows(BadInputException.class, () -> repo.workspace().scan(repo.path("images")));

    assertEquals("'images/out.png' is a symlink that leaves the work tree", e.getMessage());
  }

  @Test
  void fingerprintParts_isOnePer4096Files_atMostOnePerThread_atLeastOne() {
    assertEquals(1, Workspace.fingerprintParts(8, 0));
    assertEquals(1, Workspace.fingerprintParts(8, 4095));
    assertEquals(1, Workspace.fingerprintParts(8, 4096));
    assertEquals(2, Workspace.fingerprintParts(8, 2 * 4096));
    assertEquals(3, Workspace.fingerprintParts(8, 3 * 4096 + 4095));
    assertEquals(2, Workspace.fingerprintParts(2, 100_000));
    assertEquals(1, Workspace.fingerprintParts(1, 100_000));
  }

  @Test
  void fingerprint_ofManyFiles_foldedInParts_isTheFingerprintOfAllOfThem() {
    Path dir = repo.path("images");
    List<Workspace.Found> found = new java.util.ArrayList<>();
    // The fingerprint folded one file after another, on one thread.
    io.mlctl.core.state.StatFingerprint oneByOne = new io.mlctl.core.state.StatFingerprint();
    for (int i = 0; i < 3 * 4096 + 17; i++) {
      Workspace.Found f = new Workspace.Found("f" + i, dir, new FileStat(i, 1_000_000_000_123L + i, "ino" + i));
      found.add(f);
      oneByOne.add(f.path(), f.stat());
    }

    assertEquals(oneByOne.value(), repo.workspace().fingerprint(found).value());
    List<Workspace.Found> less = found.subList(1, found.size());
    assertFalse(oneByOne.value().equals(repo.workspace().fingerprint(less).value()), "a file less is another fingerprint");
  }

  @Test
  void hashOf_recordsWhatItRead() throws Exception {
    Workspace ws = repo.workspace();
    FileStat stat = FileStat.of(repo.path("other.txt"));

    assertEquals(sha("o"), ws.hashOf(repo.path("other.txt"), "other.txt", stat));

    assertEquals(Optional.of(sha("o")), ws.hashes().lookup("other.txt", stat));
  }

  @Test
  void manifest_isVerifiedOnce_thenVouchedForByTheHashCache() throws Exception {
    Workspace ws = repo.workspace();
    String h = io.mlctl.core.pointer.PointerFile.parse(repo.read("images.mlctl"), "images.mlctl").get(0).sha256();
    Path object = ws.store().path(h);

    assertEquals(List.of(new io.mlctl.core.pointer.Manifest.Entry("a.png", sha("a"), 1)), ws.manifest(h, "images").orElseThrow().entries());

    assertEquals(Optional.of(h), ws.hashes().lookup(ws.rel(object), FileStat.of(object)));
  }

  @Test
  void readPointer_ofAPathLeavingThroughALink_isBadInputNamingThePointer() throws Exception {
    Path outside = Files.createDirectories(repo.root().getFileSystem().getPath("/elsewhere"));
    Files.createSymbolicLink(repo.path("out"), outside);
    repo.write("x.mlctl", "outs:\n- path: out/x.csv\n  sha256: " + sha("x") + "\n  size: 1\n");

    BadInputException e = assertThrows(BadInputException.class, () -> repo.workspace().readPointer(repo.path("x.mlctl")));

    assertEquals("x.mlctl: 'out/x.csv' leaves the work tree through a symlink", e.getMessage());
  }

  @Test
  void pointers_skipTheInsideOfTrackedDirectories_andAFileNamedOnlyTheSuffix() throws Exception {
    repo.write("images/notes.mlctl", "data that looks like a pointer");
    repo.write("docs/.mlctl", "not a pointer: no name before the suffix");
    repo.write("docs/d.mlctl", "outs: []\n");

    assertEquals(List.of("data/raw.csv.mlctl", "docs/d.mlctl", "images.mlctl"),
        repo.workspace().pointers().stream().map(p -> repo.root().relativize(p).toString()).toList());
  }

  @Test
  void resolve_ofAPointerFile_isItsData() {
    Workspace.Target t = repo.workspace().resolve(repo.root(), "images.mlctl");

    assertEquals("images", t.tracked().path());
    assertTrue(t.whole());
  }

  @Test
  void resolve_ofAFileInsideATrackedDirectory_isThatDirectoryNarrowed() {
    Workspace.Target t = repo.workspace().resolve(repo.path("images"), "a.png");

    assertEquals("images", t.tracked().path());
    assertEquals("a.png", t.inside());
  }

  @Test
  void resolve_ofAnUntrackedFile_saysHowToTrackIt() {
    BadInputException e = assertThrows(BadInputException.class, () -> repo.workspace().resolve(repo.root(), "other.txt"));

    assertEquals("'other.txt' is not tracked by mlctl", e.getMessage());
  }

  @Test
  void resolve_ofNothingThere_saysSo() {
    BadInputException e = assertThrows(BadInputException.class, () -> repo.workspace().resolve(repo.root(), "nothing.csv"));

    assertEquals("'nothing.csv' is not tracked by mlctl, and no such file exists", e.getMessage());
  }

  @Test
  void cacheStamp_withoutAnObjectFolder_stillLetsAddWork() throws Exception {
    try (var walk = Files.walk(repo.path(".mlctl/cache"))) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Workspace ws = repo.workspace();
    assertEquals(ws.cacheStamp().value(), repo.workspace().cacheStamp().value());

    Add.Result r = new Add(ws).call(repo.root(), List.of("images"));

    assertTrue(repo.workspace().store().verify(sha("a")));
    assertTrue(repo.workspace().store().verify(r.added().get(0).output().sha256()));
    // data/raw.csv was not added again: its object is gone with the cache.
    assertEquals(List.of(new io.mlctl.core.status.StatusResult.ChangedPath("data/raw.csv",
        io.mlctl.core.status.StatusResult.State.NOT_IN_CACHE)), new DataStatus(repo.workspace()).all());
  }
}
