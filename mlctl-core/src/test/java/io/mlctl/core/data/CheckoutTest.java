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
}
