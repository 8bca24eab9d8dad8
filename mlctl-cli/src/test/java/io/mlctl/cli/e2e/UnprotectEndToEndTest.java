package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.cli.e2e.CliRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Linked work-tree files are read-only; unprotect turns them into writable copies. Checks modes, not access(2): root may write anything. */
class UnprotectEndToEndTest {
  private static final Set<PosixFilePermission> WRITE =
      Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  @TempDir
  Path dir;

  private CliRepo repo;

  @BeforeEach
  void setUp() {
    repo = CliRepo.init(dir.resolve("repo"));
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static String sha(String text) {
    return io.mlctl.core.store.Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean anyWrite(Path p) throws Exception {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
    return perms.stream().anyMatch(WRITE::contains);
  }

  private static int links(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void add_withHardlinks_leavesAReadOnlyLinkToTheObject() throws Exception {
    repo.ok("config", "set", "cache.type", "hardlink");
    repo.write("data/raw.csv", "1,2\n");

    repo.ok("add", "data/raw.csv");

    Path f = repo.path("data/raw.csv");
    assertEquals(2, links(f));
    assertTrue(Files.isSameFile(f, repo.object(sha("1,2\n"))));
    assertFalse(anyWrite(f));
    assertEquals(0, repo.run("status", "--check").code());
  }

  @Test
  void add_withSymlinks_leavesALinkToAReadOnlyObject() throws Exception {
    repo.ok("config", "set", "cache.type", "symlink");
    repo.write("data/raw.csv", "1,2\n");

    repo.ok("add", "data/raw.csv");

    Path f = repo.path("data/raw.csv");
    assertTrue(Files.isSymbolicLink(f));
    assertTrue(Files.isSameFile(f, repo.object(sha("1,2\n"))));
    assertFalse(anyWrite(f));
    assertEquals(0, repo.run("status", "--check").code());
  }

  @Test
  void checkout_withHardlinks_restoresAReadOnlyLink() throws Exception {
    repo.ok("config", "set", "cache.type", "hardlink");
    repo.write("images/a.png", "a");
    repo.ok("add", "images");
    repo.delete("images/a.png");

    repo.ok("checkout");

    Path f = repo.path("images/a.png");
    assertEquals(2, links(f));
    assertFalse(anyWrite(f));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hardlink", "symlink"})
  void unprotect_ofALinkedFile_givesAWritableRegularFile(String type) throws Exception {
    repo.ok("config", "set", "cache.type", type);
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");

    Run r = repo.run("unprotect", "data/raw.csv");

    assertEquals(0, r.code(), r.toString());
    assertEquals("Unprotected data/raw.csv\n", r.out());
    Path f = repo.path("data/raw.csv");
    assertTrue(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS));
    assertEquals(1, links(f));
    assertTrue(Files.getPosixFilePermissions(f).contains(PosixFilePermission.OWNER_WRITE));
    assertEquals("1,2\n", repo.read("data/raw.csv"));
    assertFalse(Files.isSameFile(f, repo.object(sha("1,2\n"))));

    Files.writeString(f, "edited\n");

    assertEquals("1,2\n", Files.readString(repo.object(sha("1,2\n"))));
    assertEquals(0, repo.run("fsck").code());
    assertEquals(1, repo.run("status", "--check").code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hardlink", "symlink"})
  void unprotect_ofADirectory_unprotectsEveryFile(String type) throws Exception {
    repo.ok("config", "set", "cache.type", type);
    repo.write("images/a.png", "a");
    repo.write("images/sub/b.png", "b");
    repo.ok("add", "images");

    Run r = repo.run("--json", "unprotect", "images");

    assertEquals(0, r.code(), r.toString());
    assertEquals("{\"unprotected\":[\"images/a.png\",\"images/sub/b.png\"]}\n", r.out());
    for (String p : new String[] {"images/a.png", "images/sub/b.png"}) {
      assertTrue(Files.isRegularFile(repo.path(p), LinkOption.NOFOLLOW_LINKS), p);
      assertEquals(1, links(repo.path(p)), p);
      assertTrue(anyWrite(repo.path(p)), p);
    }
  }

  @Test
  void unprotect_ofACopy_changesNothing() throws Exception {
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");

    Run r = repo.run("unprotect", "data/raw.csv");

    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.out());
    assertEquals(1, links(repo.path("data/raw.csv")));
  }

  @Test
  void unprotect_ofAnUntrackedPath_exits3() {
    repo.write("notes.txt", "n");

    assertEquals(3, repo.run("unprotect", "notes.txt").code());
  }

  @Test
  void unprotect_withoutTargets_exits2() {
    assertEquals(2, repo.run("unprotect").code());
  }
}
