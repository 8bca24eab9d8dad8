package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.cli.e2e.CliRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutEndToEndTest {
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

  private String hashIn(String pointer) {
    return repo.read(pointer).lines().filter(l -> l.startsWith("  sha256: ")).findFirst().orElseThrow().substring(10);
  }

  private static String sha(String text) {
    return io.mlctl.core.store.Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void checkout_restoresDeletedFiles_exit0() {
    repo.write("data/raw.csv", "1,2\n");
    repo.write("images/a.png", "a");
    repo.ok("add", "data/raw.csv", "images");
    repo.delete("data/raw.csv");
    repo.delete("images/a.png");

    Run r = repo.run("checkout");

    assertEquals(0, r.code(), r.toString());
    assertEquals("1,2\n", repo.read("data/raw.csv"));
    assertEquals("a", repo.read("images/a.png"));
    assertTrue(r.out().contains("Restored data/raw.csv"), r.out());
  }

  @Test
  void checkout_ofAModifiedFile_exits1AndKeepsIt_forceOverwrites() {
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");
    repo.write("data/raw.csv", "my edit\n");

    Run refused = repo.run("checkout");

    assertEquals(1, refused.code(), refused.toString());
    assertTrue(refused.err().contains("mlctl: error: checkout would overwrite modified 'data/raw.csv'"), refused.err());
    assertEquals("my edit\n", repo.read("data/raw.csv"));

    Run forced = repo.run("checkout", "--force");

    assertEquals(0, forced.code(), forced.toString());
    assertEquals("1,2\n", repo.read("data/raw.csv"));
  }

  @Test
  void checkout_whenTheObjectIsNotInTheCache_exits5() throws Exception {
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");
    Files.delete(repo.object(hashIn("data/raw.csv.mlctl")));
    repo.delete("data/raw.csv");

    Run r = repo.run("checkout");

    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("'data/raw.csv' is not in the cache"), r.err());
  }

  @Test
  void checkout_neverCopiesADamagedObject_intoAnEmptyPlace() throws Exception {
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");
    repo.damage(hashIn("data/raw.csv.mlctl"), "6,6\n".getBytes(StandardCharsets.UTF_8));
    repo.delete("data/raw.csv");

    for (String[] args : new String[][] {{"checkout"}, {"checkout", "--force"}, {"checkout", "data/raw.csv"}}) {
      Run r = repo.run(args);
      assertNotEquals(0, r.code(), r.toString());
      assertTrue(r.err().contains("is damaged"), r.err());
      assertFalse(repo.exists("data/raw.csv"));
    }
    assertNoTempSiblings(repo.path("data"));
  }

  @Test
  void checkout_neverCopiesADamagedObject_overAFileTheCacheAlsoHolds() throws Exception {
    // After 'git checkout' of an older pointer: the work-tree bytes are safe in the cache, so
    // checkout would replace them without --force - but never with damaged bytes.
    repo.write("data/raw.csv", "v1\n");
    repo.ok("add", "data/raw.csv");
    String v1 = repo.read("data/raw.csv.mlctl");
    repo.write("data/raw.csv", "v2\n");
    repo.ok("add", "data/raw.csv");
    repo.write("data/raw.csv.mlctl", v1);
    repo.damage(sha("v1\n"), "XX\n".getBytes(StandardCharsets.UTF_8));

    Run r = repo.run("checkout", "--force");

    assertNotEquals(0, r.code(), r.toString());
    assertEquals("v2\n", repo.read("data/raw.csv"));
  }

  @Test
  void checkout_neverCopiesADamagedObject_insideADirectory() throws Exception {
    repo.write("images/a.png", "a");
    repo.write("images/b.png", "b");
    repo.ok("add", "images");
    repo.damage(sha("b"), "X".getBytes(StandardCharsets.UTF_8));
    repo.delete("images/b.png");

    Run r = repo.run("checkout", "images");

    assertNotEquals(0, r.code(), r.toString());
    assertFalse(repo.exists("images/b.png"));
    assertEquals("a", repo.read("images/a.png"));
  }

  @Test
  void checkout_withHardlinks_neverLinksADamagedObject() throws Exception {
    repo.ok("config", "set", "cache.type", "hardlink");
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");
    repo.delete("data/raw.csv");
    repo.damage(sha("1,2\n"), "6,6\n".getBytes(StandardCharsets.UTF_8));

    Run r = repo.run("checkout");

    assertNotEquals(0, r.code(), r.toString());
    assertFalse(repo.exists("data/raw.csv"));
  }

  @Test
  void checkout_ofAnUntrackedTarget_exits3() {
    repo.write("notes.txt", "n");

    assertEquals(3, repo.run("checkout", "notes.txt").code());
  }

  private static void assertNoTempSiblings(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      assertEquals(java.util.List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".mlctl-tmp-")).toList());
    }
  }
}
