package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mlctl.core.status.StatusResult.ChangedPath;
import io.mlctl.core.status.StatusResult.State;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataStatusTest {
  private TestRepo repo;

  @BeforeEach
  void setUp() {
    repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n", "images/a.png", "a", "images/b.png", "b"));
    new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv", "images"));
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private List<ChangedPath> status() {
    return new DataStatus(repo.workspace()).all();
  }

  @Test
  void status_afterAdd_isClean() {
    assertEquals(List.of(), status());
  }

  @Test
  void status_namesEachChangedFile() {
    repo.write("data/raw.csv", "changed");
    repo.delete("images/a.png");
    repo.write("images/new.png", "n");

    assertEquals(List.of(
        new ChangedPath("data/raw.csv", State.MODIFIED),
        new ChangedPath("images/a.png", State.DELETED),
        new ChangedPath("images/new.png", State.NEW)), status());
  }

  @Test
  void status_ofSameSizeEditWithNewMtime_isModified() {
    repo.write("images/b.png", "B");

    assertEquals(List.of(new ChangedPath("images/b.png", State.MODIFIED)), status());
  }

  @Test
  void status_whenObjectLeftTheCache_isNotInCache() throws Exception {
    String h = Sha256.of("1,2\n".getBytes(StandardCharsets.UTF_8));
    Files.delete(repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));

    assertEquals(List.of(new ChangedPath("data/raw.csv", State.NOT_IN_CACHE)), status());
  }

  @Test
  void status_ofATargetInsideADirectory_looksOnlyThere() {
    repo.write("images/a.png", "A!");
    repo.write("images/b.png", "B!");
    Workspace ws = repo.workspace();

    List<ChangedPath> r = new DataStatus(ws).of(List.of(ws.resolve(repo.root(), "images/b.png")));

    assertEquals(List.of(new ChangedPath("images/b.png", State.MODIFIED)), r);
  }

  @Test
  void status_ofFilesOfAnotherSize_isModified_withoutHashingThem() throws Exception {
    Path hashes = repo.path(".mlctl/state/hashes");
    deleteTree(hashes);
    repo.write("data/raw.csv", "1,2\n3,4\n");
    repo.write("images/a.png", "aa");

    assertEquals(List.of(
        new ChangedPath("data/raw.csv", State.MODIFIED),
        new ChangedPath("images/a.png", State.MODIFIED)), status());
    // Neither was read: a hashed file would have its hash in the hash cache now.
    String cached = hashCacheText(hashes);
    assertFalse(cached.contains("data/raw.csv"), cached);
    assertFalse(cached.contains("images/a.png"), cached);
  }

  @Test
  void status_ofAnUnchangedDirectory_usesItsSnapshot_withoutTheHashCache() throws Exception {
    assertEquals(List.of(), status());
    Path hashes = repo.path(".mlctl/state/hashes");
    deleteTree(hashes);

    assertEquals(List.of(), status());
    // No file of the directory was looked up or hashed again: the hash cache holds none of them.
    assertFalse(hashCacheText(hashes).contains("images/"));
  }

  @Test
  void status_afterTheSnapshot_stillSeesEveryKindOfChange() {
    assertEquals(List.of(), status());
    repo.write("images/b.png", "B");
    repo.write("images/c.png", "c");
    repo.delete("images/a.png");

    assertEquals(List.of(
        new ChangedPath("images/a.png", State.DELETED),
        new ChangedPath("images/b.png", State.MODIFIED),
        new ChangedPath("images/c.png", State.NEW)), status());
  }

  @Test
  void status_whenThePointerMovedOn_ignoresTheSnapshotOfTheOldData() throws Exception {
    assertEquals(List.of(), status());
    // The pointer now names other data (as after a git checkout); the files did not change.
    repo.write("elsewhere/a.png", "x");
    repo.write("elsewhere/b.png", "y");
    Files.move(repo.path("images"), repo.path("kept"));
    Files.move(repo.path("elsewhere"), repo.path("images"));
    new Add(repo.workspace()).call(repo.root(), List.of("images"));
    deleteTree(repo.path("images"));
    Files.move(repo.path("kept"), repo.path("images"));

    assertEquals(List.of(
        new ChangedPath("images/a.png", State.MODIFIED),
        new ChangedPath("images/b.png", State.MODIFIED)), status());
  }

  @Test
  void status_ofAnEmptyTrackedFileThatGrew_isModified_withoutHashingIt() throws Exception {
    repo.write("empty.txt", "");
    new Add(repo.workspace()).call(repo.root(), List.of("empty.txt"));
    Path hashes = repo.path(".mlctl/state/hashes");
    deleteTree(hashes);
    repo.write("empty.txt", "now it has bytes");

    assertEquals(List.of(new ChangedPath("empty.txt", State.MODIFIED)), status());
    assertFalse(hashCacheText(hashes).contains("empty.txt"));
  }

  @Test
  void status_ofADeletedFile_isDeleted_orNotInCacheOnceItsObjectLeft() throws Exception {
    repo.delete("data/raw.csv");

    assertEquals(List.of(new ChangedPath("data/raw.csv", State.DELETED)), status());

    String h = Sha256.of("1,2\n".getBytes(StandardCharsets.UTF_8));
    Files.delete(repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));

    assertEquals(List.of(new ChangedPath("data/raw.csv", State.NOT_IN_CACHE)), status());
  }

  @Test
  void status_ofADirectoryWhoseManifestLeftTheCache_isNotInCacheAsAWhole() throws Exception {
    String manifest = io.mlctl.core.pointer.PointerFile.parse(repo.read("images.mlctl"), "images.mlctl").get(0).sha256();
    Files.delete(repo.workspace().store().path(manifest));

    assertEquals(List.of(new ChangedPath("images", State.NOT_IN_CACHE)), status());
  }

  @Test
  void status_ofAFolderInsideADirectory_looksOnlyUnderIt() {
    repo.write("images/sub/c.png", "c");
    repo.write("images/sub/d.png", "d");
    new Add(repo.workspace()).call(repo.root(), List.of("images"));
    repo.write("images/a.png", "A!");
    repo.write("images/sub/c.png", "C!");
    repo.delete("images/sub/d.png");
    repo.write("images/sub/e.png", "e");
    Workspace ws = repo.workspace();

    List<ChangedPath> r = new DataStatus(ws).of(List.of(ws.resolve(repo.root(), "images/sub")));

    assertEquals(List.of(
        new ChangedPath("images/sub/c.png", State.MODIFIED),
        new ChangedPath("images/sub/d.png", State.DELETED),
        new ChangedPath("images/sub/e.png", State.NEW)), r);
  }

  @Test
  void status_recordsTheHashesItRead_forTheNextCommand() throws Exception {
    repo.write("images/a.png", "A");
    repo.write("data/raw.csv", "3,4\n");

    assertEquals(2, status().size());

    Workspace ws = repo.workspace();
    assertEquals(java.util.Optional.of(Sha256.of("A".getBytes(StandardCharsets.UTF_8))),
        ws.hashes().lookup("images/a.png", io.mlctl.core.state.FileStat.of(repo.path("images/a.png"))));
    assertEquals(java.util.Optional.of(Sha256.of("3,4\n".getBytes(StandardCharsets.UTF_8))),
        ws.hashes().lookup("data/raw.csv", io.mlctl.core.state.FileStat.of(repo.path("data/raw.csv"))));
  }

  @Test
  void status_ofTargets_recordsTheHashesItRead_forTheNextCommand() throws Exception {
    repo.write("images/b.png", "B");
    Workspace ws = repo.workspace();

    new DataStatus(ws).of(List.of(ws.resolve(repo.root(), "images/b.png")));

    assertEquals(java.util.Optional.of(Sha256.of("B".getBytes(StandardCharsets.UTF_8))),
        repo.workspace().hashes().lookup("images/b.png", io.mlctl.core.state.FileStat.of(repo.path("images/b.png"))));
  }

  @Test
  void status_ofACleanDirectory_recordsItsSnapshot_andOfAChangedOneDoesNot() throws Exception {
    deleteTree(repo.path(".mlctl/state"));

    assertEquals(List.of(), status());

    Workspace ws = repo.workspace();
    String manifest = io.mlctl.core.pointer.PointerFile.parse(repo.read("images.mlctl"), "images.mlctl").get(0).sha256();
    assertEquals(java.util.Optional.of(manifest), ws.snapshots().lookup("images", ws.fingerprint(ws.scan(repo.path("images")))));

    repo.write("images/new.png", "n");
    assertEquals(List.of(new ChangedPath("images/new.png", State.NEW)), status());
    Workspace after = repo.workspace();
    assertEquals(java.util.Optional.empty(), after.snapshots().lookup("images", after.fingerprint(after.scan(repo.path("images")))));
  }

  private static String hashCacheText(Path hashes) throws java.io.IOException {
    if (!Files.exists(hashes)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (var buckets = Files.list(hashes)) {
      for (Path b : buckets.toList()) {
        all.append(Files.readString(b));
      }
    }
    return all.toString();
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
