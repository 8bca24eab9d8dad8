package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * unprotect replaces work-tree files that are links into the cache (or read-only) with writable
 * copies of the same bytes, so an edit never reaches the cache; files that are already the
 * user's own are left alone.
 */
class UnprotectTest {
  private static final Map<String, String> FILES = Map.of("data/raw.csv", "1,2\n", "images/a.png", "a",
      "images/sub/b.png", "bee", "images/sub/c.png", "sea");

  @TempDir
  Path tmp;

  /** A project on the real file system (links need one), its files added with {@code cache.type}. */
  private Real linked(String type) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("p"));
    new io.mlctl.core.repo.Init(root).noGit(true).call();
    for (Map.Entry<String, String> f : FILES.entrySet()) {
      Files.createDirectories(root.resolve(f.getKey()).getParent());
      Files.writeString(root.resolve(f.getKey()), f.getValue());
    }
    Real repo = new Real(root);
    new ConfigStore(repo.project().layout()).set("cache.type", type, false);
    new Add(repo.workspace()).call(root, List.of("data/raw.csv", "images"));
    return repo;
  }

  /** The few things these tests need of a project, on the real file system. */
  private record Real(Path root) implements AutoCloseable {
    io.mlctl.core.repo.Project project() {
      // An hour ahead, so that nothing written here is "racily clean" for the hash cache.
      return io.mlctl.core.repo.Project.open(root, java.time.Clock.offset(java.time.Clock.systemUTC(),
          java.time.Duration.ofHours(1)), Map.of());
    }

    Workspace workspace() {
      return new Workspace(project());
    }

    Path path(String rel) {
      return root.resolve(rel);
    }

    String read(String rel) throws java.io.IOException {
      return Files.readString(path(rel));
    }

    boolean exists(String rel) {
      return Files.exists(path(rel), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    void delete(String rel) throws java.io.IOException {
      Files.delete(path(rel));
    }

    @Override
    public void close() {}
  }

  private static List<String> unprotect(Real repo, String... targets) {
    return new Unprotect(repo.workspace()).call(repo.root(), List.of(targets));
  }

  private static Path object(Real repo, String text) {
    return repo.workspace().store().path(Sha256.of(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean ownCopy(Real repo, String rel, String text) throws Exception {
    Path p = repo.path(rel);
    return !Files.isSymbolicLink(p) && !Files.isSameFile(p, object(repo, text)) && Files.isWritable(p)
        && (int) Files.getAttribute(p, "unix:nlink") == 1 && text.equals(Files.readString(p))
        && Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void unprotect_ofHardlinkedFiles_makesWritableCopies_andLeavesTheCacheAlone() throws Exception {
    try (Real repo = linked("hardlink")) {
      List<String> done = unprotect(repo, "data/raw.csv", "images");

      assertEquals(List.of("data/raw.csv", "images/a.png", "images/sub/b.png", "images/sub/c.png"), done);
      for (Map.Entry<String, String> f : FILES.entrySet()) {
        assertTrue(ownCopy(repo, f.getKey(), f.getValue()), f.getKey());
      }
      Files.writeString(repo.path("images/a.png"), "my edit");
      assertEquals("a", Files.readString(object(repo, "a")), "an edit reached the cache");
      assertTrue(repo.workspace().store().verify(Sha256.of("a".getBytes(StandardCharsets.UTF_8))));
    }
  }

  @Test
  void unprotect_ofSymlinkedFiles_makesWritableCopies() throws Exception {
    try (Real repo = linked("symlink")) {
      assertTrue(Files.isSymbolicLink(repo.path("images/a.png")));

      List<String> done = unprotect(repo, "images");

      assertEquals(List.of("images/a.png", "images/sub/b.png", "images/sub/c.png"), done);
      assertTrue(ownCopy(repo, "images/a.png", "a"));
      assertTrue(Files.isSymbolicLink(repo.path("data/raw.csv")), "only what was named");
    }
  }

  @Test
  void unprotect_ofAFolderInsideADirectory_touchesOnlyIt() throws Exception {
    try (Real repo = linked("hardlink")) {
      List<String> done = unprotect(repo, "images/sub");

      assertEquals(List.of("images/sub/b.png", "images/sub/c.png"), done);
      assertTrue(ownCopy(repo, "images/sub/b.png", "bee"));
      assertTrue(Files.isSameFile(repo.path("images/a.png"), object(repo, "a")));
    }
  }

  @Test
  void unprotect_ofOneFileInsideADirectory_touchesOnlyIt() throws Exception {
    try (Real repo = linked("hardlink")) {
      assertEquals(List.of("images/sub/b.png"), unprotect(repo, "images/sub/b.png"));
      assertTrue(Files.isSameFile(repo.path("images/sub/c.png"), object(repo, "sea")));
    }
  }

  @Test
  void unprotect_ofCopies_changesNothing() throws Exception {
    try (Real repo = linked("copy")) {
      Object inode = Files.getAttribute(repo.path("images/a.png"), "unix:ino");

      assertEquals(List.of(), unprotect(repo, "data/raw.csv", "images"));
      assertEquals(inode, Files.getAttribute(repo.path("images/a.png"), "unix:ino"));
    }
  }

  @Test
  void unprotect_ofAFileThatIsGone_skipsIt() throws Exception {
    try (Real repo = linked("hardlink")) {
      repo.delete("images/a.png");

      assertEquals(List.of("images/sub/b.png", "images/sub/c.png"), unprotect(repo, "images"));
      assertFalse(repo.exists("images/a.png"));
    }
  }

  @Test
  void unprotect_forgetsTheHashOfWhatItReplaced() throws Exception {
    try (Real repo = linked("hardlink")) {
      io.mlctl.core.state.FileStat before = io.mlctl.core.state.FileStat.of(repo.path("data/raw.csv"));
      assertTrue(repo.workspace().hashes().lookup("data/raw.csv", before).isPresent());

      unprotect(repo, "data/raw.csv");

      assertEquals(java.util.Optional.empty(), repo.workspace().hashes().lookup("data/raw.csv", before));
    }
  }

  @Test
  void unprotect_ofNothing_isBadInput() throws Exception {
    try (Real repo = linked("hardlink")) {
      BadInputException e = assertThrows(BadInputException.class, () -> unprotect(repo));
      assertEquals("nothing to unprotect", e.getMessage());
    }
  }

  @Test
  void unprotect_ofADirectoryWhoseManifestLeftTheCache_isBadInputNamingIt() throws Exception {
    try (Real repo = linked("hardlink")) {
      String manifest = io.mlctl.core.pointer.PointerFile.parse(repo.read("images.mlctl"), "images.mlctl").get(0).sha256();
      Files.delete(repo.workspace().store().path(manifest));

      BadInputException e = assertThrows(BadInputException.class, () -> unprotect(repo, "images"));

      assertEquals("the manifest of 'images' is not in the cache", e.getMessage());
    }
  }
}
