package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AddTest {
  private TestRepo repo;

  @AfterEach
  void tearDown() throws Exception {
    if (repo != null) {
      repo.close();
    }
  }

  private Add.Result add(String... paths) {
    return new Add(repo.workspace()).call(repo.root(), List.of(paths));
  }

  private static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void add_ofAFile_writesPointerObjectAndGitignore() throws Exception {
    repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n3,4\n"));

    Add.Result r = add("data/raw.csv");

    String h = sha("1,2\n3,4\n");
    assertEquals(1, r.added().size());
    Add.Added a = r.added().get(0);
    assertEquals("data/raw.csv", a.path());
    assertEquals("data/raw.csv.mlctl", a.pointer());
    assertTrue(a.changed());
    assertEquals(1, a.hashed());
    assertEquals("outs:\n- path: raw.csv\n  sha256: " + h + "\n  size: 8\n", repo.read("data/raw.csv.mlctl"));
    assertEquals("1,2\n3,4\n", repo.read(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2)));
    assertEquals("/raw.csv\n", repo.read("data/.gitignore"));
    assertEquals(List.of("data/raw.csv.mlctl", "data/.gitignore"), r.toStage());
    assertFalse(r.staged());
    assertEquals("1,2\n3,4\n", repo.read("data/raw.csv"));
  }

  @Test
  void add_whenFileUnchanged_writesNothing() throws Exception {
    repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n"));
    add("data/raw.csv");
    byte[] pointer = Files.readAllBytes(repo.path("data/raw.csv.mlctl"));
    FileTime pointerTime = Files.getLastModifiedTime(repo.path("data/raw.csv.mlctl"));
    FileTime ignoreTime = Files.getLastModifiedTime(repo.path("data/.gitignore"));

    Add.Result again = add("data/raw.csv");

    Add.Added a = again.added().get(0);
    assertEquals(0, a.hashed());
    assertFalse(a.changed());
    assertArrayEquals(pointer, Files.readAllBytes(repo.path("data/raw.csv.mlctl")));
    assertEquals(pointerTime, Files.getLastModifiedTime(repo.path("data/raw.csv.mlctl")));
    assertEquals(ignoreTime, Files.getLastModifiedTime(repo.path("data/.gitignore")));
    assertEquals("/raw.csv\n", repo.read("data/.gitignore"));
  }

  @Test
  void add_whenDirectoryUnchanged_hashesNothing() {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/b.png", "b", "images/sub/c.png", "c"));
    assertEquals(3, add("images").added().get(0).hashed());

    Add.Added again = add("images").added().get(0);

    assertEquals(0, again.hashed());
    assertFalse(again.changed());
  }

  @Test
  void add_whenDirectoryUnchanged_usesItsSnapshot_withoutTheHashCache() throws Exception {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/b.png", "b"));
    Add.Added first = add("images").added().get(0);
    deleteTree(repo.path(".mlctl/state/hashes"));

    Add.Added again = add("images").added().get(0);

    assertEquals(first.output(), again.output());
    assertEquals(0, again.hashed());
    // No file of the directory was looked up or hashed again: the hash cache holds none of them.
    assertFalse(hashCacheText(repo.path(".mlctl/state/hashes")).contains("images/"));
  }

  @Test
  void add_whenAnObjectLeftTheCache_storesItAgainDespiteTheSnapshot() throws Exception {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/b.png", "b"));
    Add.Added first = add("images").added().get(0);
    String h = sha("b");
    Path object = repo.path(".mlctl/cache/sha256/" + h.substring(0, 2) + "/" + h.substring(2));
    Files.delete(object);

    Add.Added again = add("images").added().get(0);

    assertEquals(first.output(), again.output());
    assertEquals(1, again.hashed());
    assertEquals("b", Files.readString(object));
  }

  @Test
  void add_whenNothingLeftTheCacheSinceTheLastCheck_looksForNoObject() throws Exception {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/b.png", "b"));
    Add.Added first = add("images").added().get(0);
    add("images");
    // Remove an object behind mlctl's back and put its folder's time back as it was: the cache's
    // stamp is then unchanged, and a no-op add trusts it instead of looking for every object.
    String h = sha("b");
    Path prefix = repo.path(".mlctl/cache/sha256/" + h.substring(0, 2));
    java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(prefix);
    Files.delete(prefix.resolve(h.substring(2)));
    Files.setLastModifiedTime(prefix, before);

    Add.Added again = add("images").added().get(0);

    assertEquals(first.output(), again.output());
    assertEquals(0, again.hashed());
    assertFalse(Files.exists(prefix.resolve(h.substring(2))));
  }

  @Test
  void add_afterAnEditInsideADirectory_ignoresTheOldSnapshot() {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/b.png", "b"));
    add("images");
    repo.write("images/b.png", "B");

    Add.Added again = add("images").added().get(0);

    assertEquals(1, again.hashed());
    assertTrue(again.changed());
    assertEquals("B", repo.read(".mlctl/cache/sha256/" + sha("B").substring(0, 2) + "/" + sha("B").substring(2)));
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

  @Test
  void add_ofADirectory_writesItsManifest() {
    repo = TestRepo.gen(Map.of("images/b.png", "bb", "images/a.png", "a", "images/sub/c.png", "ccc"));
    repo.write("images/.DS_Store", "x");
    // Empty directories are not recorded.
    try {
      Files.createDirectories(repo.path("images/empty/deeper"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    Add.Added a = add("images").added().get(0);

    Manifest expected = Manifest.of(List.of(
        new Manifest.Entry(".DS_Store", sha("x"), 1),
        new Manifest.Entry("a.png", sha("a"), 1),
        new Manifest.Entry("b.png", sha("bb"), 2),
        new Manifest.Entry("sub/c.png", sha("ccc"), 3)));
    String m = Sha256.of(expected.toBytes());
    assertEquals(Output.directory("images", m, 7, 4), a.output());
    assertEquals(List.of(a.output()), PointerFile.parse(repo.read("images.mlctl"), "images.mlctl"));
    assertEquals(new String(expected.toBytes(), StandardCharsets.UTF_8),
        repo.read(".mlctl/cache/sha256/" + m.substring(0, 2) + "/" + m.substring(2)));
    assertEquals("/images\n", repo.read(".gitignore"));
    assertEquals(4, a.hashed());
  }

  @Test
  void add_ofADirectoryAfterChangingOneFile_hashesExactlyThatFile() {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/b.png", "b", "images/c.png", "c",
        "images/sub/d.png", "d", "images/sub/e.png", "e"));
    Output before = add("images").added().get(0).output();
    repo.write("images/sub/d.png", "D, changed");

    Add.Added a = add("images").added().get(0);

    assertEquals(1, a.hashed());
    assertTrue(a.changed());
    assertEquals(5, a.output().nfiles());
    assertEquals(before.size() - 1 + "D, changed".length(), a.output().size());
    Manifest m = Manifest.parse(repo.workspace().store().readVerified(a.output().sha256()), "m");
    assertEquals(sha("D, changed"), m.byPath().get("sub/d.png").sha256());
  }

  @Test
  void add_ofAFileInsideATrackedDirectory_reAddsTheDirectory() {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/b.png", "b"));
    add("images");
    repo.write("images/new.png", "new");

    Add.Result r = add("images/new.png");

    assertEquals(1, r.added().size());
    Add.Added a = r.added().get(0);
    assertEquals("images", a.path());
    assertEquals("images.mlctl", a.pointer());
    assertEquals(1, a.hashed());
    assertEquals(3, a.output().nfiles());
    assertFalse(repo.exists("images/new.png.mlctl"));
    assertFalse(repo.exists("images/.gitignore"));
    assertEquals("/images\n", repo.read(".gitignore"));
    assertEquals(List.of(a.output()), PointerFile.parse(repo.read("images.mlctl"), "images.mlctl"));
  }

  @Test
  void add_ofThePointerFile_addsItsData() {
    repo = TestRepo.gen(Map.of("data/raw.csv", "1"));
    add("data/raw.csv");
    repo.write("data/raw.csv", "2");

    Add.Added a = add("data/raw.csv.mlctl").added().get(0);

    assertEquals("data/raw.csv", a.path());
    assertEquals(sha("2"), a.output().sha256());
  }

  @Test
  void add_ofTwoFilesInOneFolder_keepsOnePointerEach() {
    repo = TestRepo.gen(Map.of("data/a.csv", "a", "data/b.csv", "b"));

    add("data/b.csv", "data/a.csv", "data/a.csv");

    assertTrue(repo.exists("data/a.csv.mlctl"));
    assertTrue(repo.exists("data/b.csv.mlctl"));
    assertEquals("/b.csv\n/a.csv\n", repo.read("data/.gitignore"));
  }

  @Test
  void add_ofPathsMlctlNeverTracks_isBadInput() {
    repo = TestRepo.gen(Map.of("data/a.csv", "a"));

    assertThrows(BadInputException.class, () -> add(".mlctl"));
    assertThrows(BadInputException.class, () -> add(".mlctl/config.yaml"));
    assertThrows(BadInputException.class, () -> add("../outside.csv"));
    assertThrows(BadInputException.class, () -> add("/etc/passwd"));
    assertThrows(BadInputException.class, () -> add("."));
    assertThrows(BadInputException.class, () -> add("data/missing.csv"));
    assertFalse(repo.exists(".mlctl.mlctl"));
    assertFalse(repo.exists(".mlctl/config.yaml.mlctl"));
  }

  @Test
  void add_ofNothing_isBadInput() {
    repo = TestRepo.empty();

    assertThrows(BadInputException.class, () -> add());
  }

  @Test
  void add_ofASymlinkLeavingTheWorkTree_isBadInputAndWritesNothing() throws Exception {
    repo = TestRepo.empty();
    Files.createDirectories(repo.root().getFileSystem().getPath("/elsewhere"));
    Files.writeString(repo.root().getFileSystem().getPath("/elsewhere/secret.csv"), "s");
    Files.createSymbolicLink(repo.path("link"), repo.root().getFileSystem().getPath("/elsewhere"));

    assertThrows(BadInputException.class, () -> add("link/secret.csv"));
    assertThrows(BadInputException.class, () -> add("link"));

    assertFalse(Files.exists(repo.root().getFileSystem().getPath("/elsewhere/secret.csv.mlctl")));
    assertFalse(repo.exists("link.mlctl"));
    assertFalse(repo.exists(".gitignore"));
  }

  // Linux allows a backslash in a file name; pointers and manifests reject it as unsafe. What add
  // wrote every other command must read, so add refuses such a name, names it, and writes nothing.
  @Test
  void add_ofADirectoryHoldingABackslashName_isRefusedNamingTheFile() {
    repo = TestRepo.gen(Map.of("images/a.png", "a", "images/back\\slash.png", "b"));

    BadInputException e = assertThrows(BadInputException.class, () -> add("images"));

    assertEquals("cannot track 'images/back\\slash.png': path 'back\\slash.png' contains a backslash or NUL", e.getMessage());
    assertNothingWritten("images");
  }

  @Test
  void add_ofAFileNamedWithABackslash_isRefusedNamingIt() {
    repo = TestRepo.gen(Map.of("odd\\name.csv", "c"));

    BadInputException e = assertThrows(BadInputException.class, () -> add("odd\\name.csv"));

    assertEquals("cannot track 'odd\\name.csv': path 'odd\\name.csv' contains a backslash or NUL", e.getMessage());
    assertNothingWritten("odd\\name.csv");
  }

  private void assertNothingWritten(String target) {
    assertFalse(repo.exists(target + ".mlctl"), "refused, yet wrote the pointer");
    assertFalse(repo.exists(".gitignore"), "refused, yet wrote a .gitignore entry");
    assertEquals(List.of(), new DataStatus(repo.workspace()).all());
  }

  @Test
  void add_afterAnAddKilledBeforeItsPointerWasRenamed_finishesTheJob() throws Exception {
    // What a kill between writing the pointer's temporary sibling and renaming it leaves: the
    // object in the cache, half a copy in .mlctl/tmp, half a pointer beside the data, no pointer.
    repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n"));
    new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv"));
    String pointer = repo.read("data/raw.csv.mlctl");
    repo.delete("data/raw.csv.mlctl");
    repo.delete("data/.gitignore");
    Path tmp = repo.path(".mlctl/tmp");
    Path halfPointer = repo.write("data/.raw.csv.mlctl.mlctl-tmp-1f2e3d4c", pointer.substring(0, 20));
    Path halfIgnore = repo.write("data/..gitignore.mlctl-tmp-5a6b7c8d", "/ra");
    Path halfObject = repo.write(".mlctl/tmp/obj-7d3a9c.tmp", "1,");

    Add.Added a = add("data/raw.csv").added().get(0);

    assertTrue(a.changed());
    assertEquals(pointer, repo.read("data/raw.csv.mlctl"));
    assertEquals("/raw.csv\n", repo.read("data/.gitignore"));
    for (Path p : List.of(halfPointer, halfIgnore, halfObject)) {
      assertFalse(Files.exists(p), "left behind: " + p);
    }
    try (java.util.stream.Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(tmp.resolve("lock")), s.toList());
    }
  }

  @Test
  void add_ofNamesWithGlobCharacters_works() {
    // Temporary siblings are found by a glob built from the name: the name must not be a pattern.
    repo = TestRepo.gen(Map.of("data/a[b.csv", "1", "data/c{d.csv", "2", "data/e*f?.csv", "3", "data/g[1].csv", "4"));

    for (String name : List.of("a[b.csv", "c{d.csv", "e*f?.csv", "g[1].csv")) {
      add("data/" + name);
      assertTrue(repo.exists("data/" + name + ".mlctl"), name);
    }

    assertEquals("/a\\[b.csv\n/c{d.csv\n/e\\*f\\?.csv\n/g\\[1].csv\n", repo.read("data/.gitignore"));
    assertEquals(List.of(), new DataStatus(repo.workspace()).all());
  }
}
