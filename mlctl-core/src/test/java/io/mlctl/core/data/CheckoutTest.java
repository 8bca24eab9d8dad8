package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckoutTest {
  private TestRepo repo;

  @BeforeEach
  void setUp() {
    repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n", "images/a.png", "a", "images/b.png", "b",
        "images/sub/c.png", "c"));
    add("data/raw.csv", "images");
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private void add(String... paths) {
    new Add(repo.workspace()).call(repo.root(), List.of(paths));
  }

  private Checkout.Result checkout(boolean force, String... targets) {
    return new Checkout(repo.workspace()).force(force).call(repo.root(), List.of(targets));
  }

  private static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void checkout_whenNothingChanged_writesNothing() {
    Checkout.Result r = checkout(false);

    assertEquals(List.of(), r.restored());
    assertEquals(4, r.unchanged());
    assertEquals(List.of(), r.conflicts());
    assertEquals(List.of(), r.removed());
  }

  @Test
  void checkout_restoresDeletedFiles() {
    repo.delete("data/raw.csv");
    repo.delete("images/a.png");
    repo.delete("images/sub/c.png");
    repo.delete("images/sub");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("data/raw.csv", "images/a.png", "images/sub/c.png"), r.restored().stream().sorted().toList());
    assertEquals(1, r.unchanged());
    assertEquals("1,2\n", repo.read("data/raw.csv"));
    assertEquals("a", repo.read("images/a.png"));
    assertEquals("c", repo.read("images/sub/c.png"));
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
  }

  @Test
  void checkout_ofOneTarget_restoresOnlyIt() {
    repo.delete("images/a.png");
    repo.delete("images/b.png");

    Checkout.Result r = checkout(false, "images/b.png");

    assertEquals(List.of("images/b.png"), r.restored());
    assertEquals("b", repo.read("images/b.png"));
    assertFalse(repo.exists("images/a.png"));
  }

  @Test
  void checkout_whenAFileHasChangesSavedNowhere_refusesAndWritesNothing() {
    repo.write("images/a.png", "my unsaved edit");
    repo.delete("images/b.png");
    repo.delete("data/raw.csv");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("images/a.png"), r.conflicts());
    assertEquals(List.of(), r.restored());
    assertEquals(List.of(), r.removed());
    assertEquals("my unsaved edit", repo.read("images/a.png"));
    assertFalse(repo.exists("images/b.png"));
    assertFalse(repo.exists("data/raw.csv"));
  }

  @Test
  void checkout_withForce_overwritesChangesSavedNowhere() {
    repo.write("images/a.png", "my unsaved edit");
    repo.delete("images/b.png");

    Checkout.Result r = checkout(true);

    assertEquals(List.of(), r.conflicts());
    assertEquals(List.of("images/a.png", "images/b.png"), r.restored().stream().sorted().toList());
    assertEquals("a", repo.read("images/a.png"));
    assertEquals("b", repo.read("images/b.png"));
  }

  @Test
  void checkout_whenTheCacheHoldsTheCurrentBytes_replacesThemWithoutForce() throws Exception {
    // As after 'git checkout' of an older pointer: the newer bytes are safe in the cache.
    String v1 = repo.read("data/raw.csv.mlctl");
    repo.write("data/raw.csv", "v2\n");
    add("data/raw.csv");
    Files.writeString(repo.path("data/raw.csv.mlctl"), v1);

    Checkout.Result r = checkout(false);

    assertEquals(List.of("data/raw.csv"), r.restored());
    assertEquals("1,2\n", repo.read("data/raw.csv"));
  }

  @Test
  void checkout_removesFilesTheManifestDoesNotList() throws Exception {
    String v1 = repo.read("images.mlctl");
    repo.write("images/sub/d.png", "d");
    add("images");
    Files.writeString(repo.path("images.mlctl"), v1);

    Checkout.Result r = checkout(false);

    assertEquals(List.of("images/sub/d.png"), r.removed());
    assertFalse(repo.exists("images/sub/d.png"));
    assertEquals("c", repo.read("images/sub/c.png"));
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
  }

  @Test
  void checkout_removesAFolderLeftEmpty() throws Exception {
    String v1 = repo.read("images.mlctl");
    repo.write("images/extra/e.png", "e");
    add("images");
    Files.writeString(repo.path("images.mlctl"), v1);

    checkout(false);

    assertFalse(repo.exists("images/extra"));
  }

  @Test
  void checkout_keepsAnUnlistedFileSavedNowhere_unlessForced() {
    repo.write("images/scratch.png", "unsaved");

    Checkout.Result kept = checkout(false);

    assertEquals(List.of(), kept.removed());
    assertEquals("unsaved", repo.read("images/scratch.png"));

    Checkout.Result forced = checkout(true);

    assertEquals(List.of("images/scratch.png"), forced.removed());
    assertFalse(repo.exists("images/scratch.png"));
  }

  @Test
  void checkout_whenTheObjectIsNotInTheCache_reportsItMissing() throws Exception {
    String h = sha("1,2\n");
    Files.delete(repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));
    repo.delete("data/raw.csv");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("data/raw.csv"), r.missing());
    assertFalse(repo.exists("data/raw.csv"));
  }

  @Test
  void checkout_ofAnUntrackedPath_isBadInput() {
    repo.write("notes.txt", "n");

    assertThrows(BadInputException.class, () -> checkout(false, "notes.txt"));
    assertThrows(BadInputException.class, () -> checkout(false, "images/zzz.png"));
  }

  @Test
  void checkout_ofAPointerWithDotDot_isBadInputAndWritesNothing() throws Exception {
    Files.writeString(repo.path("data/evil.mlctl"), "outs:\n- path: ../escaped.csv\n  sha256: " + sha("1,2\n")
        + "\n  size: 4\n");

    assertThrows(BadInputException.class, () -> checkout(false));

    assertFalse(repo.exists("escaped.csv"));
  }

  @Test
  void checkout_afterACheckoutKilledWhileCopying_leavesNoHalfCopy() throws Exception {
    // A checkout killed mid-copy leaves its temporary sibling beside the target (renamed over it
    // only when complete and verified). The next checkout must not leave it lying there.
    repo.delete("data/raw.csv");
    repo.delete("images/a.png");
    repo.write("data/.raw.csv.mlctl-tmp-2c4e6a8b", "1,");
    repo.write("images/.a.png.mlctl-tmp-9f8e7d6c", "");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("data/raw.csv", "images/a.png"), r.restored().stream().sorted().toList());
    assertFalse(repo.exists("data/.raw.csv.mlctl-tmp-2c4e6a8b"));
    assertFalse(repo.exists("images/.a.png.mlctl-tmp-9f8e7d6c"));
  }

  // --- A whole directory that is absent: built in a temporary sibling folder, renamed into place.

  private void deleteTree(String rel) throws Exception {
    try (var walk = Files.walk(repo.path(rel))) {
      for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private List<String> rootNames() throws Exception {
    try (var s = Files.list(repo.root())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void damage(String text, String with) throws Exception {
    String h = sha(text);
    java.nio.file.Path p = repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2));
    Files.setPosixFilePermissions(p, java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
    Files.writeString(p, with);
  }

  @Test
  void checkout_ofADirectoryThatIsGone_restoresItWholeAndLeavesNoTemporaryFolder() throws Exception {
    List<String> before = rootNames();
    deleteTree("images");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"), r.restored());
    assertEquals(1, r.unchanged());
    assertEquals("a", repo.read("images/a.png"));
    assertEquals("b", repo.read("images/b.png"));
    assertEquals("c", repo.read("images/sub/c.png"));
    assertEquals(before, rootNames());
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
  }

  @Test
  void checkout_ofADirectoryThatIsGone_recordsItsHashesAndSnapshot() throws Exception {
    deleteTree("images");
    checkout(false);
    java.nio.file.Path hashes = repo.path(".mlctl/state/hashes");
    StringBuilder recorded = new StringBuilder();
    try (var buckets = Files.list(hashes)) {
      for (java.nio.file.Path b : buckets.toList()) {
        recorded.append(Files.readString(b));
      }
    }
    // Every file written is in the hash cache under its final name.
    for (String f : List.of("images/a.png", "images/b.png", "images/sub/c.png")) {
      assertTrue(recorded.toString().contains("\t" + f + "\n"), f);
    }
    try (var walk = Files.walk(hashes)) {
      for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }

    // The directory's snapshot answers the next status: no file of it is looked up or hashed.
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
    String after = "";
    if (Files.exists(hashes)) {
      try (var buckets = Files.list(hashes)) {
        for (java.nio.file.Path b : buckets.toList()) {
          after += Files.readString(b);
        }
      }
    }
    assertFalse(after.contains("images/"), after);
  }

  @Test
  void checkout_ofADirectoryThatIsGone_whenAnObjectIsDamaged_writesNoneOfIt() throws Exception {
    List<String> before = rootNames();
    deleteTree("images");
    damage("b", "B");

    io.mlctl.core.CorruptObjectException e = assertThrows(io.mlctl.core.CorruptObjectException.class,
        () -> checkout(false));

    assertEquals(sha("b"), e.hash());
    assertFalse(repo.exists("images"));
    List<String> expected = new java.util.ArrayList<>(before);
    expected.remove("images");
    assertEquals(expected, rootNames());
  }

  @Test
  void checkout_ofADirectoryThatIsGone_whenAnObjectIsMissing_restoresTheRestAndReportsIt() throws Exception {
    deleteTree("images");
    String h = sha("b");
    Files.delete(repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));

    Checkout.Result r = checkout(false);

    assertEquals(List.of("images/a.png", "images/sub/c.png"), r.restored());
    assertEquals(List.of("images/b.png"), r.missing());
    assertEquals("a", repo.read("images/a.png"));
    assertFalse(repo.exists("images/b.png"));
    assertEquals(List.of(new io.mlctl.core.status.StatusResult.ChangedPath("images/b.png",
        io.mlctl.core.status.StatusResult.State.NOT_IN_CACHE)), new DataStatus(repo.workspace()).all());
  }

  @Test
  void checkout_ofADirectoryThatIsGone_withAConflictElsewhere_writesNothing() throws Exception {
    deleteTree("images");
    repo.write("data/raw.csv", "my unsaved edit");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("data/raw.csv"), r.conflicts());
    assertEquals(List.of(), r.restored());
    assertEquals(List.of(), r.missing());
    assertFalse(repo.exists("images"));
    assertFalse(rootNames().stream().anyMatch(n -> n.contains(".mlctl-tmp-")));
  }

  @Test
  void checkout_withAConflict_stillNamesTheFilesTheCacheLacks_ofADirectoryItWouldBuild() throws Exception {
    deleteTree("images");
    String h = sha("b");
    Files.delete(repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));
    repo.write("data/raw.csv", "my unsaved edit");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("data/raw.csv"), r.conflicts());
    assertEquals(List.of("images/b.png"), r.missing());
    assertFalse(repo.exists("images"));
  }

  @Test
  void checkout_whenAFolderStandsWhereATrackedFileShouldBe_leavesItAsAConflict() {
    repo.delete("data/raw.csv");
    repo.write("data/raw.csv/notes.txt", "mine");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("data/raw.csv"), r.conflicts());
    assertEquals(List.of(), r.restored());
    assertEquals("mine", repo.read("data/raw.csv/notes.txt"));
  }

  @Test
  void checkout_whenAFileInADirectoryIsADanglingLink_replacesItOnlyWithForce() throws Exception {
    repo.delete("images/a.png");
    Files.createSymbolicLink(repo.path("images/a.png"), repo.path("images/gone.png"));

    Checkout.Result kept = checkout(false, "images/a.png");

    assertEquals(List.of("images/a.png"), kept.conflicts());
    assertTrue(Files.isSymbolicLink(repo.path("images/a.png")));

    Checkout.Result forced = checkout(true, "images/a.png");

    assertEquals(List.of("images/a.png"), forced.restored());
    assertFalse(Files.isSymbolicLink(repo.path("images/a.png")));
    assertEquals("a", repo.read("images/a.png"));
  }

  @Test
  void checkout_whenAFileStandsWhereAFolderShouldBe_refusesUnlessForced() throws Exception {
    deleteTree("images/sub");
    repo.write("images/sub", "a note saved nowhere");

    BadInputException e = assertThrows(BadInputException.class, () -> checkout(false));

    assertEquals("'images/sub' is a file where a folder should be", e.getMessage());
    assertEquals("a note saved nowhere", repo.read("images/sub"));

    Checkout.Result r = checkout(true);

    assertEquals(List.of("images/sub/c.png"), r.restored());
    assertEquals(List.of("images/sub"), r.removed());
    assertEquals("c", repo.read("images/sub/c.png"));
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
  }

  @Test
  void checkout_ofAFileUnderALinkOutOfTheWorkTree_refusesAndWritesNothingThere() throws Exception {
    deleteTree("images/sub");
    java.nio.file.Path outside = Files.createDirectories(repo.root().getFileSystem().getPath("/elsewhere"));
    Files.createSymbolicLink(repo.path("images/sub"), outside);

    BadInputException e = assertThrows(BadInputException.class, () -> checkout(false, "images/sub/c.png"));

    assertEquals("images/sub/c.png: 'images/sub' leaves the work tree through a symlink", e.getMessage());
    assertTrue(Files.notExists(outside.resolve("c.png")));
  }

  @Test
  void checkout_ofTheSameAbsentDirectoryNamedTwice_buildsItOnce() throws Exception {
    deleteTree("images");

    Checkout.Result r = checkout(false, "images", "images.mlctl");

    assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"), r.restored());
    assertEquals("c", repo.read("images/sub/c.png"));
  }

  @Test
  void checkout_ofADirectoryBothAPointerAndMlctlLockName_buildsItOnce() throws Exception {
    String images = io.mlctl.core.pointer.PointerFile.parse(repo.read("images.mlctl"), "images.mlctl").get(0).sha256();
    repo.write("mlctl.yaml", "stages:\n  render:\n    cmd: make\n    outs: [images]\n");
    repo.write("mlctl.lock", "schema: 1\nstages:\n  render:\n    cmd: make\n    outs:\n    - path: images\n"
        + "      sha256: " + images + "\n      size: 3\n      kind: dir\n      nfiles: 3\n");
    deleteTree("images");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"), r.restored());
    assertEquals("c", repo.read("images/sub/c.png"));
    assertFalse(rootNames().stream().anyMatch(n -> n.contains(".mlctl-tmp-")));
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
  }

  @Test
  void checkout_ofAStageOutputInFoldersAFreshCloneLacks_createsThem() throws Exception {
    // After a clone, mlctl.lock names a directory output whose parent folders do not exist yet.
    io.mlctl.core.store.ObjectStore store = repo.workspace().store();
    String model = store.insert("weights".getBytes(StandardCharsets.UTF_8)).hash();
    String dir = store.insert(io.mlctl.core.pointer.Manifest.of(List.of(
        new io.mlctl.core.pointer.Manifest.Entry("w.bin", model, 7)))::writeTo).hash();
    repo.write("mlctl.yaml", "stages:\n  train:\n    cmd: make\n    outs: [results/deep/model]\n");
    repo.write("mlctl.lock", "schema: 1\nstages:\n  train:\n    cmd: make\n    outs:\n    - path: results/deep/model\n"
        + "      sha256: " + dir + "\n      size: 7\n      kind: dir\n      nfiles: 1\n");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("results/deep/model/w.bin"), r.restored());
    assertEquals("weights", repo.read("results/deep/model/w.bin"));
  }

  @Test
  void checkout_ofADirectoryThatIsGone_andOfAFileInIt_writesBoth() throws Exception {
    deleteTree("images");

    Checkout.Result r = checkout(false, "images", "images/sub/c.png");

    assertEquals("a", repo.read("images/a.png"));
    assertEquals("c", repo.read("images/sub/c.png"));
    assertTrue(r.restored().containsAll(List.of("images/a.png", "images/b.png", "images/sub/c.png")));
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
  }

  @Test
  void checkout_withHardlinks_buildsTheDirectoryFromLinks() throws Exception {
    new io.mlctl.core.repo.ConfigStore(repo.project().layout()).set("cache.type", "hardlink,copy", false);
    deleteTree("images");

    Checkout.Result r = checkout(false);

    assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"), r.restored());
    assertEquals("b", repo.read("images/b.png"));
    String h = sha("b");
    assertTrue(Files.isSameFile(repo.path("images/b.png"),
        repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2))));
    assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
  }

  @Test
  void aFolderLeftByACheckoutKilledWhileBuildingADirectory_isNeverTakenForData() throws Exception {
    // Killed before its rename: the temporary folder holds some of the files, one of them named
    // like a pointer. No walk may take it for data or pointers, and the next checkout removes it.
    deleteTree("images");
    repo.write(".images.mlctl-tmp-5a5a5a5a/a.png", "a");
    repo.write(".images.mlctl-tmp-5a5a5a5a/sub/notes.mlctl", "outs:\n- path: c.png\n  sha256: " + sha("c")
        + "\n  size: 1\n");

    assertEquals(List.of("data/raw.csv.mlctl", "images.mlctl"),
        repo.workspace().pointers().stream().map(p -> repo.root().relativize(p).toString()).toList());
    assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"),
        new DataStatus(repo.workspace()).all().stream().map(c -> c.path()).toList());

    Checkout.Result r = checkout(false);

    assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"), r.restored());
    assertFalse(repo.exists(".images.mlctl-tmp-5a5a5a5a"));
    assertEquals("c", repo.read("images/sub/c.png"));
  }

  @Test
  void aFolderLeftByAKilledCheckout_isRemovedByAddAndNeverAdded() throws Exception {
    repo.write("more/kept.txt", "k");
    repo.write("more/.images.mlctl-tmp-77/a.png", "a");
    repo.write("more/.images.mlctl-tmp-77/sub/c.png", "c");

    new Add(repo.workspace()).call(repo.root(), List.of("more"));

    io.mlctl.core.pointer.Output out = io.mlctl.core.pointer.PointerFile.parse(repo.read("more.mlctl"), "more.mlctl").get(0);
    assertEquals(1, out.nfiles());
    assertFalse(repo.exists("more/.images.mlctl-tmp-77"));
    assertEquals("k", repo.read("more/kept.txt"));
  }

  @Test
  void checkout_ofADirectoryAsItsSnapshotSaw_looksUpNoFileInTheHashCache() throws Exception {
    // add recorded the directory's snapshot; nothing changed since.
    deleteTree(".mlctl/state/hashes");

    Checkout.Result r = checkout(false);

    assertEquals(List.of(), r.restored());
    assertEquals(4, r.unchanged());
    java.nio.file.Path hashes = repo.path(".mlctl/state/hashes");
    String recorded = "";
    if (Files.exists(hashes)) {
      try (var buckets = Files.list(hashes)) {
        for (java.nio.file.Path b : buckets.toList()) {
          recorded += Files.readString(b);
        }
      }
    }
    assertFalse(recorded.contains("images/"), recorded);
  }

  @Test
  void checkout_afterTheSnapshot_stillSeesAnEditAndAnExtraFile() {
    repo.write("images/a.png", "my unsaved edit");
    repo.write("images/new.png", "unsaved too");

    Checkout.Result kept = checkout(false);

    assertEquals(List.of("images/a.png"), kept.conflicts());
    assertEquals("my unsaved edit", repo.read("images/a.png"));

    Checkout.Result forced = checkout(true);

    assertEquals(List.of("images/a.png"), forced.restored());
    assertEquals(List.of("images/new.png"), forced.removed());
    assertEquals("a", repo.read("images/a.png"));
  }

  // A link shares the cache's bytes: a damaged object must never be linked into the work tree.
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"hardlink", "symlink"})
  void checkout_withLinks_ofADamagedFile_linksNothing(String type) throws Exception {
    new io.mlctl.core.repo.ConfigStore(repo.project().layout()).set("cache.type", type, false);
    Files.delete(repo.path("data/raw.csv"));
    damage("1,2\n", "9,9\n");

    io.mlctl.core.CorruptObjectException e = assertThrows(io.mlctl.core.CorruptObjectException.class,
        () -> checkout(false, "data/raw.csv"));

    assertEquals(sha("1,2\n"), e.hash());
    assertFalse(repo.exists("data/raw.csv"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"hardlink", "symlink"})
  void checkout_withLinks_ofADirectoryWithADamagedObject_writesNoneOfIt(String type) throws Exception {
    new io.mlctl.core.repo.ConfigStore(repo.project().layout()).set("cache.type", type, false);
    deleteTree("images");
    damage("b", "B");

    io.mlctl.core.CorruptObjectException e = assertThrows(io.mlctl.core.CorruptObjectException.class,
        () -> checkout(false));

    assertEquals(sha("b"), e.hash());
    assertFalse(repo.exists("images"));
  }
}
