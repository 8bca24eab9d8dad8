package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under {@code cache.type: hardlink} or {@code symlink}, {@code add} moves a file into the cache as
 * DVC and git-annex do: the file's own inode becomes the object, nothing is copied, and the file
 * is at its path (or a link to the object is) at every moment.
 */
class AddMoveTest {
  @TempDir
  Path tmp;

  private static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Path object(Path root, String hash) {
    return root.resolve(".mlctl/cache/sha256/" + hash.substring(0, 2) + "/" + hash.substring(2));
  }

  private static Object inode(Path p) throws Exception {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  @Test
  void hardlink_theFilesInodeBecomesTheObject_andIsReadOnly() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("data/raw.csv", "1,2\n3,4\n", "images/a.png", "a", "images/sub/b.png", "b"))) {
      new ConfigStore(repo.project().layout()).set("cache.type", "hardlink,copy", false);
      Object before = inode(repo.path("data/raw.csv"));

      Add.Result r = new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv", "images"));

      String h = sha("1,2\n3,4\n");
      assertEquals(h, r.added().get(0).output().sha256());
      Path obj = object(repo.root(), h);
      assertEquals(before, inode(repo.path("data/raw.csv")), "the work-tree path keeps the file's inode");
      assertEquals(before, inode(obj), "the object is that very inode: moved, not copied");
      assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(obj)));
      assertEquals("1,2\n3,4\n", repo.read("data/raw.csv"));
      assertTrue(Files.isSameFile(repo.path("images/sub/b.png"), object(repo.root(), sha("b"))), "directories move too");
      assertTrue(Files.list(repo.path(".mlctl/tmp")).noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
          "no temporary link is left");
      assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
      assertTrue(new Fsck(repo.workspace()).call().damaged().isEmpty());
    }
  }

  @Test
  void hardlink_aFileWhoseObjectIsCachedAlready_isLinkedToIt() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("a.txt", "same", "b.txt", "same"))) {
      new ConfigStore(repo.project().layout()).set("cache.type", "hardlink", false);
      new Add(repo.workspace()).call(repo.root(), List.of("a.txt"));
      new Add(repo.workspace()).call(repo.root(), List.of("b.txt"));
      Path obj = object(repo.root(), sha("same"));
      assertTrue(Files.isSameFile(repo.path("a.txt"), obj));
      assertTrue(Files.isSameFile(repo.path("b.txt"), obj));
    }
  }

  @Test
  void copy_stillCopies_theWorkTreeFileStaysItsOwn() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("a.txt", "mine"))) {
      new ConfigStore(repo.project().layout()).set("cache.type", "copy", false);
      new Add(repo.workspace()).call(repo.root(), List.of("a.txt"));
      assertFalse(Files.isSameFile(repo.path("a.txt"), object(repo.root(), sha("mine"))));
      assertTrue(Files.isWritable(repo.path("a.txt")));
    }
  }

  private Project realProject(Path root) throws Exception {
    Files.createDirectories(root);
    new Init(root).noGit(true).call();
    return Project.open(root, Clock.systemUTC(), Map.of());
  }

  @Test
  void symlink_theFileMovesIntoTheCache_andItsPathLinksToIt() throws Exception {
    Path root = tmp.resolve("p");
    Project project = realProject(root);
    new ConfigStore(project.layout()).set("cache.type", "symlink", false);
    Files.writeString(Files.createDirectories(root.resolve("data")).resolve("raw.csv"), "x,y\n1,2\n");
    Object before = inode(root.resolve("data/raw.csv"));

    new Add(new Workspace(project)).call(root, List.of("data/raw.csv"));

    Path obj = object(root, sha("x,y\n1,2\n"));
    assertTrue(Files.isSymbolicLink(root.resolve("data/raw.csv")));
    assertEquals(obj.toAbsolutePath(), Files.readSymbolicLink(root.resolve("data/raw.csv")));
    assertEquals(before, inode(obj), "the object is the file's inode: moved, not copied");
    assertEquals("x,y\n1,2\n", Files.readString(root.resolve("data/raw.csv")));
    assertTrue(new DataStatus(new Workspace(Project.open(root, Clock.systemUTC(), Map.of()))).all().isEmpty());
  }

  /** The cache on another file system (a tmpfs): no link can cross, so add copies as before. */
  @Test
  void hardlink_withTheCacheOnAnotherFileSystem_fallsBackToACopy() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm here");
    Path elsewhere = Files.createTempDirectory(shm, "mlctl-cache-");
    try {
      assumeTrue(!Files.getFileStore(elsewhere).equals(Files.getFileStore(tmp)), "/dev/shm is on the same file system as the temp folder");
      Path root = tmp.resolve("p");
      realProject(root);
      // An hour ahead, so that what this test writes is never "racily clean" for the hash cache.
      Project project = Project.open(root, Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(1)), Map.of());
      new ConfigStore(project.layout()).set("cache.type", "hardlink,copy", false);
      // A user puts the cache and its temporary folder on another disk with symlinks.
      Files.createDirectories(elsewhere.resolve("cache"));
      Files.createDirectories(elsewhere.resolve("tmp"));
      deleteTree(root.resolve(".mlctl/tmp"));
      Files.createSymbolicLink(root.resolve(".mlctl/cache"), elsewhere.resolve("cache"));
      Files.createSymbolicLink(root.resolve(".mlctl/tmp"), elsewhere.resolve("tmp"));
      Files.writeString(root.resolve("big.bin"), "bytes on another disk");
      Object before = inode(root.resolve("big.bin"));

      new Add(new Workspace(project)).call(root, List.of("big.bin"));

      Path obj = object(root, sha("bytes on another disk"));
      assertEquals("bytes on another disk", Files.readString(obj));
      assertEquals("bytes on another disk", Files.readString(root.resolve("big.bin")));
      assertFalse(Files.isSymbolicLink(root.resolve("big.bin")));
      assertFalse(Files.isSameFile(obj, root.resolve("big.bin")), "two file systems, two copies");
      assertTrue(new DataStatus(new Workspace(Project.open(root, Clock.systemUTC(), Map.of()))).all().isEmpty());
      assertEquals(before.getClass(), inode(root.resolve("big.bin")).getClass());
      // The copy's hash is recorded: adding it again reads nothing.
      assertEquals(0, new Add(new Workspace(project)).call(root, List.of("big.bin")).added().get(0).hashed());
    } finally {
      deleteTree(elsewhere);
    }
  }

  /** What a kill after the link and before the rename leaves: a temporary link, which changes nothing. */
  @Test
  void aTemporaryLinkLeftByAKilledAdd_changesNothing_andTheNextAddCompletes() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("data/raw.csv", "kept"))) {
      new ConfigStore(repo.project().layout()).set("cache.type", "hardlink", false);
      Files.createDirectories(repo.path(".mlctl/tmp"));
      Path leftover = repo.path(".mlctl/tmp/obj-5a5a5a5a5a5a5a5a.tmp");
      Files.createLink(leftover, repo.path("data/raw.csv"));

      assertEquals("kept", repo.read("data/raw.csv"));
      assertFalse(repo.exists("data/raw.csv.mlctl"));
      new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv"));

      assertTrue(Files.isSameFile(repo.path("data/raw.csv"), object(repo.root(), sha("kept"))));
      assertTrue(new DataStatus(repo.workspace()).all().isEmpty());
      assertTrue(new Fsck(repo.workspace()).call().damaged().isEmpty());
    }
  }

  private static void deleteTree(Path p) throws Exception {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (var s = Files.list(p)) {
        for (Path c : s.toList()) {
          deleteTree(c);
        }
      }
    } else {
      p.toFile().setWritable(true);
    }
    Files.delete(p);
  }
}
