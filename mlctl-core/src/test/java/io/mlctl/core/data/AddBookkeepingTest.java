package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What add records besides the cache and the pointer: how many files it read, the hash cache (so
 * that nothing unchanged is read again), the progress it reports, and the other outputs of a
 * pointer it rewrites.
 */
class AddBookkeepingTest {
  private static final Map<String, String> FILES = Map.of("data/raw.csv", "1,2\n3,4\n", "images/a.png", "a",
      "images/b.png", "bee", "images/sub/c.png", "sea!", "other.txt", "o");

  private static Add.Result add(TestRepo repo, String... paths) {
    return new Add(repo.workspace()).call(repo.root(), List.of(paths));
  }

  private static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static List<Long> hashed(Add.Result r) {
    return r.added().stream().map(Add.Added::hashed).toList();
  }

  @Test
  void add_reportsTheFilesAndBytesOfEachTarget() throws Exception {
    try (TestRepo repo = TestRepo.gen(FILES)) {
      RecordedProgress progress = new RecordedProgress();

      new Add(repo.workspace()).progress(progress).call(repo.root(), List.of("data/raw.csv", "images"));

      assertEquals(List.of("start Adding data/raw.csv 1 8", "done 1 8", "start Adding images 3 8", "done 3 8"),
          progress.events);
    }
  }

  @Test
  void add_ofADirectoryAsItsSnapshotSaw_readsNoFile_evenWhenTheCacheChangedAndTheHashCacheIsGone() throws Exception {
    try (TestRepo repo = TestRepo.gen(FILES)) {
      String first = add(repo, "images").added().get(0).output().sha256();
      // Another object changes the cache's stamp: the snapshot's "every object still there" no
      // longer answers, so add checks the manifest's objects one by one instead of reading files.
      add(repo, "other.txt");
      deleteTree(repo.path(".mlctl/state/hashes"));

      Add.Result again = add(repo, "images");

      assertEquals(List.of(0L), hashed(again));
      assertEquals(first, again.added().get(0).output().sha256());
      assertEquals(false, again.added().get(0).changed());
      assertEquals(3, again.added().get(0).output().nfiles());
      assertEquals(8, again.added().get(0).output().size());
    }
  }

  @Test
  void add_ofADirectoryWhoseSnapshotManifestLeftTheCache_walksAndStoresItAgain() throws Exception {
    try (TestRepo repo = TestRepo.gen(FILES)) {
      String manifest = add(repo, "images").added().get(0).output().sha256();
      add(repo, "other.txt");
      Files.delete(repo.workspace().store().path(manifest));

      Add.Result again = add(repo, "images");

      assertEquals(manifest, again.added().get(0).output().sha256());
      assertTrue(repo.workspace().store().verify(manifest));
      // The files themselves are known to the hash cache: none is read.
      assertEquals(List.of(0L), hashed(again));
    }
  }

  @Test
  void add_withHardlinks_countsEachFileItMoves_andRecordsItsHash() throws Exception {
    try (TestRepo repo = TestRepo.gen(FILES)) {
      new ConfigStore(repo.project().layout()).set("cache.type", "hardlink", false);

      Add.Result r = add(repo, "data/raw.csv", "images");

      assertEquals(List.of(1L, 3L), hashed(r));
      Workspace ws = repo.workspace();
      Path raw = repo.path("data/raw.csv");
      assertEquals(Optional.of(Sha256.of(Files.readAllBytes(raw))), ws.hashes().lookup("data/raw.csv", FileStat.of(raw)));
      assertEquals(List.of(0L, 0L), hashed(add(repo, "data/raw.csv", "images")));
    }
  }

  @Test
  void add_withHardlinks_ofAFileWhoseObjectIsCached_linksItAndRecordsItsHash() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("a.txt", "same", "b.txt", "same"))) {
      new ConfigStore(repo.project().layout()).set("cache.type", "hardlink", false);
      add(repo, "a.txt");

      assertEquals(List.of(1L), hashed(add(repo, "b.txt")));

      assertEquals(List.of(0L), hashed(add(repo, "b.txt")));
      assertTrue(Files.isSameFile(repo.path("a.txt"), repo.path("b.txt")));
    }
  }

  @Test
  void add_toAPointerHoldingOtherOutputs_keepsThemInPathOrder() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("data", "d"))) {
      String z = Sha256.of("zz".getBytes(StandardCharsets.UTF_8));
      repo.write("data.mlctl", "outs:\n- path: zeta.csv\n  sha256: " + z + "\n  size: 2\n");

      add(repo, "data");

      String d = Sha256.of("d".getBytes(StandardCharsets.UTF_8));
      assertEquals("outs:\n- path: data\n  sha256: " + d + "\n  size: 1\n- path: zeta.csv\n  sha256: " + z + "\n  size: 2\n",
          repo.read("data.mlctl"));
    }
  }
}
