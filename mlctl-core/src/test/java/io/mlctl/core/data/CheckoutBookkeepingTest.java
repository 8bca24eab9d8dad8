package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.repo.Project;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.state.StatFingerprint;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What checkout records besides the work tree: the hash cache (so the next command reads none of
 * the files it wrote), the snapshot of a directory it built whole (only once its files are
 * settled), and the progress it reports.
 */
class CheckoutBookkeepingTest {
  private static final Map<String, String> FILES = Map.of("data/raw.csv", "1,2\n", "images/a.png", "a",
      "images/b.png", "bee", "images/sub/c.png", "sea!");

  private static TestRepo added() {
    TestRepo repo = TestRepo.gen(FILES);
    new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv", "images"));
    return repo;
  }

  private static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static Optional<String> snapshotOf(Workspace ws, String dir) {
    return ws.snapshots().lookup(dir, ws.fingerprint(ws.scan(ws.root().resolve(dir))));
  }

  private static String pointerHash(TestRepo repo, String pointer) {
    return io.mlctl.core.pointer.PointerFile.parse(repo.read(pointer), pointer).get(0).sha256();
  }

  @Test
  void checkout_recordsTheHashOfEveryFileItWrote_soAddReadsNoneOfThem() throws Exception {
    try (TestRepo repo = added()) {
      repo.delete("data/raw.csv");
      repo.delete("images/b.png");
      deleteTree(repo.path(".mlctl/state/hashes"));

      Checkout.Result r = new Checkout(repo.workspace()).call(repo.root(), List.of());

      assertEquals(List.of("data/raw.csv", "images/b.png"), r.restored());
      Add.Result again = new Add(repo.workspace()).call(repo.root(), List.of("data/raw.csv", "images"));
      assertEquals(0, again.added().get(0).hashed(), "data/raw.csv was read again");
      assertEquals(0, again.added().get(1).hashed(), "a file of images/ was read again");
      assertEquals(List.of(false, false), again.added().stream().map(Add.Added::changed).toList());
    }
  }

  @Test
  void checkout_ofADirectoryItBuiltWhole_recordsTheHashOfEachFile() throws Exception {
    try (TestRepo repo = added()) {
      deleteTree(repo.path("images"));
      deleteTree(repo.path(".mlctl/state"));

      new Checkout(repo.workspace()).call(repo.root(), List.of("images"));

      Workspace ws = repo.workspace();
      for (String f : List.of("a.png", "b.png", "sub/c.png")) {
        Path p = repo.path("images/" + f);
        assertEquals(Optional.of(Sha256.of(Files.readAllBytes(p))), ws.hashes().lookup("images/" + f, FileStat.of(p)), f);
      }
    }
  }

  @Test
  void checkout_thatRemovesAFile_forgetsItsHash() throws Exception {
    try (TestRepo repo = added()) {
      // Bytes the cache holds (a copy of a.png), so checkout removes the unlisted file unforced,
      // hashing it first to know that.
      Path extra = repo.write("images/copy-of-a.png", "a");
      FileStat stat = FileStat.of(extra);

      Checkout.Result r = new Checkout(repo.workspace()).call(repo.root(), List.of());

      assertEquals(List.of("images/copy-of-a.png"), r.removed());
      assertTrue(Files.notExists(extra));
      assertEquals(Optional.empty(), repo.workspace().hashes().lookup("images/copy-of-a.png", stat));
    }
  }

  @Test
  void checkout_ofADirectoryItBuiltWhole_recordsItsSnapshotOnceSettled() throws Exception {
    try (TestRepo repo = added()) {
      deleteTree(repo.path("images"));

      new Checkout(repo.workspace()).call(repo.root(), List.of());

      // The fixture's clock is an hour ahead: the files are settled at once.
      assertEquals(Optional.of(pointerHash(repo, "images.mlctl")), snapshotOf(repo.workspace(), "images"));
    }
  }

  @Test
  void checkout_ofTwoDirectoriesThatAreGone_buildsEachWhole_andRecordsBothSnapshots() throws Exception {
    try (TestRepo repo = added()) {
      repo.write("more/x.bin", "x");
      repo.write("more/y/z.bin", "zed");
      new Add(repo.workspace()).call(repo.root(), List.of("more"));
      deleteTree(repo.path("images"));
      deleteTree(repo.path("more"));

      Checkout.Result r = new Checkout(repo.workspace()).call(repo.root(), List.of());

      assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png", "more/x.bin", "more/y/z.bin"), r.restored());
      Workspace ws = repo.workspace();
      assertEquals(Optional.of(pointerHash(repo, "images.mlctl")), snapshotOf(ws, "images"));
      assertEquals(Optional.of(pointerHash(repo, "more.mlctl")), snapshotOf(ws, "more"));
    }
  }

  @Test
  void checkout_withSymlinks_judgesALinkByItsTarget_asTheHashCacheKnowsIt(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("p"));
    new io.mlctl.core.repo.Init(root).noGit(true).call();
    Files.writeString(root.resolve("raw.csv"), "1,2\n");
    // An hour ahead, so that nothing written here is "racily clean" for the hash cache.
    Project project = Project.open(root, Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(1)), Map.of());
    new io.mlctl.core.repo.ConfigStore(project.layout()).set("cache.type", "symlink", false);
    new Add(new Workspace(project)).call(root, List.of("raw.csv"));
    assertTrue(Files.isSymbolicLink(root.resolve("raw.csv")));
    FileStat ofTarget = FileStat.of(Files.readAttributes(root.resolve("raw.csv"), java.nio.file.attribute.BasicFileAttributes.class));

    Checkout.Result r = new Checkout(new Workspace(project)).call(root, List.of());

    assertEquals(1, r.unchanged());
    assertEquals(List.of(), r.restored());
    assertEquals(Optional.of(sha("1,2\n")), new Workspace(project).hashes().lookup("raw.csv", ofTarget));
  }

  /** A project on a file system whose clock (file times) the test sets, seen at {@code now}. */
  private record Frozen(FileSystem fs, Path root, Clock clock) {
    Workspace workspace() {
      return new Workspace(Project.open(root, clock, Map.of()));
    }
  }

  private static Frozen frozen(Instant fileTimes, Instant now) throws Exception {
    FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "posix")
        .setFileTimeSource(() -> FileTime.from(fileTimes)).build());
    Path root = Files.createDirectories(fs.getPath("/work/repo"));
    new io.mlctl.core.repo.Init(root).noGit(true).call();
    for (Map.Entry<String, String> f : FILES.entrySet()) {
      Files.createDirectories(root.resolve(f.getKey()).getParent());
      Files.writeString(root.resolve(f.getKey()), f.getValue());
    }
    // Added an hour later, so add trusts what it hashed; checked out at "now".
    new Add(new Workspace(Project.open(root, Clock.fixed(fileTimes.plusSeconds(3600), ZoneOffset.UTC), Map.of())))
        .call(root, List.of("images"));
    deleteTree(root.resolve("images"));
    return new Frozen(fs, root, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void checkout_ofADirectoryWhoseFilesDoNotSettle_recordsNoSnapshot() throws Exception {
    Instant written = Instant.parse("2026-12-01T10:00:00.123456789Z");
    Frozen p = frozen(written, written);
    try (FileSystem fs = p.fs()) {
      Checkout.Result r = new Checkout(p.workspace()).call(p.root(), List.of());

      assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"), r.restored());
      assertEquals("sea!", Files.readString(p.root().resolve("images/sub/c.png")));
      // Written within the racy margin of the (frozen) clock: a snapshot could vouch for a file
      // rewritten in the same tick.
      assertEquals(Optional.empty(), snapshotOf(p.workspace(), "images"));
    }
  }

  @Test
  void checkout_ofADirectoryWithWholeSecondTimes_leavesTheSnapshotToStatus() throws Exception {
    Instant written = Instant.parse("2026-12-01T10:00:00Z");
    Frozen p = frozen(written, written);
    try (FileSystem fs = p.fs()) {
      Checkout.Result r = new Checkout(p.workspace()).call(p.root(), List.of());

      assertEquals(List.of("images/a.png", "images/b.png", "images/sub/c.png"), r.restored());
      assertEquals(Optional.empty(), snapshotOf(p.workspace(), "images"));
    }
  }

  private static StatFingerprint newest(long mtimeNanos) {
    return new StatFingerprint().add("old", 'f', 1, 1_000_000_000_123L, 7).add("new", 'f', 1, mtimeNanos, 8);
  }

  @Test
  void snapshotWait_isNothingForSettledFiles_andTheRestOfTheMarginOtherwise_capped() {
    long now = 1_800_000_000_000L;
    long nowNanos = now * 1_000_000L;
    long margin = StatFingerprint.racyMargin(false);
    assertEquals(0, Checkout.snapshotWaitMillis(new StatFingerprint(), now));
    assertEquals(0, Checkout.snapshotWaitMillis(newest(nowNanos - margin - 7), now));
    assertEquals(0, Checkout.snapshotWaitMillis(newest(nowNanos - margin), now));
    // One millisecond past the moment it settles, rounded down to whole milliseconds.
    assertEquals(1, Checkout.snapshotWaitMillis(newest(nowNanos - margin + 1), now));
    assertEquals(21, Checkout.snapshotWaitMillis(newest(nowNanos - 30_000_000L), now));
    assertEquals(51, Checkout.snapshotWaitMillis(newest(nowNanos + 7), now));
    assertEquals(60, Checkout.snapshotWaitMillis(newest(nowNanos + 9_000_000L), now));
    assertEquals(60, Checkout.snapshotWaitMillis(newest(nowNanos + 3_600_000_000_001L), now));
  }

  @Test
  void snapshotWait_ofWholeSecondTimesNotSettled_isNever() {
    long now = 1_800_000_000_000L;
    assertEquals(-1, Checkout.snapshotWaitMillis(newest(now * 1_000_000L), now));
    assertEquals(-1, Checkout.snapshotWaitMillis(newest((now - 1_000) * 1_000_000L), now));
    // Settled is settled, whatever the timestamps' resolution.
    assertEquals(0, Checkout.snapshotWaitMillis(newest((now - 2_000) * 1_000_000L), now));
  }

  @Test
  void checkout_reportsTheFilesAndBytesItWrites_asTheyAreWritten() throws Exception {
    try (TestRepo repo = added()) {
      deleteTree(repo.path("images"));
      repo.delete("data/raw.csv");
      RecordedProgress progress = new RecordedProgress();

      new Checkout(repo.workspace()).progress(progress).call(repo.root(), List.of());

      // A whole directory (3 files, 1 + 3 + 4 bytes) and one file (4 bytes).
      assertEquals(List.of("start Checking out 4 12", "done 4 12"), progress.events);
    }
  }

  @Test
  void checkout_withNothingToWrite_reportsAnEmptyPhase() throws Exception {
    try (TestRepo repo = added()) {
      RecordedProgress progress = new RecordedProgress();

      new Checkout(repo.workspace()).progress(progress).call(repo.root(), List.of());

      assertEquals(List.of("start Checking out 0 0", "done 0 0"), progress.events);
    }
  }

  static String sha(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
