package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** fsck hashes every object again and names, sorted, those whose bytes no longer match their name. */
class FsckTest {
  private static void damage(ObjectStore store, String hash, String with) throws Exception {
    Path p = store.path(hash);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(p, with);
  }

  @Test
  void fsck_ofAnIntactCache_isOk() throws Exception {
    try (TestRepo repo = TestRepo.empty()) {
      ObjectStore store = repo.workspace().store();
      store.insert("one".getBytes(StandardCharsets.UTF_8));
      store.insert("two".getBytes(StandardCharsets.UTF_8));

      Fsck.Result r = new Fsck(repo.workspace()).call();

      assertEquals(2, r.checked());
      assertEquals(List.of(), r.damaged());
      assertTrue(r.ok());
    }
  }

  @Test
  void fsck_namesEveryDamagedObject_sorted_andChangesNothing() throws Exception {
    try (TestRepo repo = TestRepo.empty()) {
      ObjectStore store = repo.workspace().store();
      List<String> hashes = new java.util.ArrayList<>();
      for (String s : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
        hashes.add(store.insert(s.getBytes(StandardCharsets.UTF_8)).hash());
      }
      List<String> damaged = List.of(hashes.get(3), hashes.get(0), hashes.get(4));
      for (String h : damaged) {
        damage(store, h, "rot");
      }

      Fsck.Result r = new Fsck(repo.workspace()).call();

      assertEquals(5, r.checked());
      assertEquals(damaged.stream().sorted().toList(), r.damaged());
      assertFalse(r.ok());
      assertEquals("rot", Files.readString(store.path(hashes.get(0))), "fsck repairs nothing");
    }
  }

  /** On a real file system, whose folders list in no particular order. */
  @Test
  void fsck_namesDamagedObjectsSorted_whateverOrderTheFileSystemListsThem(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("p"));
    new io.mlctl.core.repo.Init(root).noGit(true).call();
    Workspace ws = new Workspace(io.mlctl.core.repo.Project.open(root));
    List<String> hashes = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String h = ws.store().insert(("object " + i).getBytes(StandardCharsets.UTF_8)).hash();
      damage(ws.store(), h, "rot " + i);
      hashes.add(h);
    }

    Fsck.Result r = new Fsck(ws).call();

    assertEquals(40, r.checked());
    assertEquals(hashes.stream().sorted().toList(), r.damaged());
  }

  @Test
  void fsck_reportsEveryObjectAndByteItChecks() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("a.txt", "12345", "b.txt", "12"))) {
      new Add(repo.workspace()).call(repo.root(), List.of("a.txt", "b.txt"));
      RecordedProgress progress = new RecordedProgress();

      new Fsck(repo.workspace()).progress(progress).call();

      assertEquals(List.of("start Checking objects 2 7", "done 2 7"), progress.events);
    }
  }
}
