package io.mlctl.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.testing.TestRepo;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirSnapshotsTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.250Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String H1 = "a".repeat(64);

  private FileSystem fs;
  private Path state;

  @BeforeEach
  void setUp() throws IOException {
    fs = TestRepo.newFileSystem();
    state = Files.createDirectories(fs.getPath("/repo/.mlctl/state"));
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private static FileStat stat(long size, Instant mtime, String inode) {
    return new FileStat(size, TimeUnit.SECONDS.toNanos(mtime.getEpochSecond()) + mtime.getNano(), inode);
  }

  private static final Instant OLD = NOW.minus(Duration.ofMinutes(10)).plusMillis(3);

  /** A directory of two files, as a walk finds them. */
  private static StatFingerprint twoFiles() {
    return new StatFingerprint()
        .add("a.csv", stat(10, OLD, "(dev=1,ino=7)"))
        .add("sub/b.csv", stat(20, OLD, "(dev=1,ino=8)"));
  }

  @Test
  void lookup_withoutSnapshot_isEmpty() {
    assertEquals(Optional.empty(), new DirSnapshots(state, CLOCK).lookup("data", twoFiles()));
  }

  @Test
  void lookup_afterRecord_givesTheHashForThatDirectoryOnly() {
    DirSnapshots snaps = new DirSnapshots(state, CLOCK);

    snaps.record("data", twoFiles(), H1);

    assertEquals(Optional.of(H1), snaps.lookup("data", twoFiles()));
    assertEquals(Optional.of(H1), new DirSnapshots(state, CLOCK).lookup("data", twoFiles()));
    assertEquals(Optional.empty(), snaps.lookup("other", twoFiles()));
  }

  @Test
  void fingerprint_ignoresOrder_butSeesEveryStatField() {
    String base = twoFiles().value();
    StatFingerprint reversed = new StatFingerprint()
        .add("sub/b.csv", stat(20, OLD, "(dev=1,ino=8)"))
        .add("a.csv", stat(10, OLD, "(dev=1,ino=7)"));
    assertEquals(base, reversed.value());

    StatFingerprint merged = new StatFingerprint().add("a.csv", stat(10, OLD, "(dev=1,ino=7)"))
        .merge(new StatFingerprint().add("sub/b.csv", stat(20, OLD, "(dev=1,ino=8)")));
    assertEquals(base, merged.value());

    assertNotEquals(base, new StatFingerprint().add("a.csv", stat(11, OLD, "(dev=1,ino=7)"))
        .add("sub/b.csv", stat(20, OLD, "(dev=1,ino=8)")).value(), "size");
    assertNotEquals(base, new StatFingerprint().add("a.csv", stat(10, OLD.plusNanos(1), "(dev=1,ino=7)"))
        .add("sub/b.csv", stat(20, OLD, "(dev=1,ino=8)")).value(), "mtime");
    assertNotEquals(base, new StatFingerprint().add("a.csv", stat(10, OLD, "(dev=1,ino=9)"))
        .add("sub/b.csv", stat(20, OLD, "(dev=1,ino=8)")).value(), "inode");
    assertNotEquals(base, new StatFingerprint().add("A.csv", stat(10, OLD, "(dev=1,ino=7)"))
        .add("sub/b.csv", stat(20, OLD, "(dev=1,ino=8)")).value(), "name");
    assertNotEquals(base, new StatFingerprint().add("a.csv", stat(10, OLD, "(dev=1,ino=7)")).value(),
        "a file gone");
    assertNotEquals(base, twoFiles().add("c.csv", stat(0, OLD, "(dev=1,ino=9)")).value(), "a file more");
    // Two files swapping their stat is a change too.
    assertNotEquals(base, new StatFingerprint().add("a.csv", stat(20, OLD, "(dev=1,ino=8)"))
        .add("sub/b.csv", stat(10, OLD, "(dev=1,ino=7)")).value(), "swapped");
  }

  @Test
  void lookup_ofAChangedDirectory_isEmpty() {
    DirSnapshots snaps = new DirSnapshots(state, CLOCK);
    snaps.record("data", twoFiles(), H1);

    assertEquals(Optional.empty(), snaps.lookup("data", twoFiles().add("c.csv", stat(1, OLD, "(dev=1,ino=9)"))));
  }

  @Test
  void lookup_whenANewestFileWasModifiedCloseToTheSnapshot_isNotTrusted() {
    DirSnapshots snaps = new DirSnapshots(state, CLOCK);
    // Modified 10 ms before the snapshot: a later write in the same clock tick could keep its stat.
    StatFingerprint racy = twoFiles().add("new.csv", stat(5, NOW.minusMillis(10), "(dev=1,ino=9)"));
    snaps.record("data", racy, H1);

    assertEquals(Optional.empty(), snaps.lookup("data", racy));
  }

  @Test
  void lookup_onWholeSecondTimestamps_wantsTwoSecondsOfMargin() {
    DirSnapshots snaps = new DirSnapshots(state, CLOCK);
    Instant second = Instant.ofEpochSecond(NOW.getEpochSecond() - 1);
    StatFingerprint coarse = new StatFingerprint().add("a.csv", stat(1, second, "-"));
    snaps.record("data", coarse, H1);
    assertEquals(Optional.empty(), snaps.lookup("data", coarse));

    DirSnapshots later = new DirSnapshots(state, Clock.offset(CLOCK, Duration.ofSeconds(3)));
    later.record("data", coarse, H1);
    assertEquals(Optional.of(H1), later.lookup("data", coarse));
  }

  @Test
  void lookup_ofADamagedSnapshot_isEmpty_andRecordReplacesIt() throws IOException {
    DirSnapshots snaps = new DirSnapshots(state, CLOCK);
    snaps.record("data", twoFiles(), H1);
    try (var files = Files.list(state.resolve("dirs"))) {
      Path f = files.findFirst().orElseThrow();
      Files.writeString(f, "mlctl-dir-snapshot 1\ndata\ngarbage");
    }

    assertEquals(Optional.empty(), snaps.lookup("data", twoFiles()));
    snaps.record("data", twoFiles(), H1);
    assertEquals(Optional.of(H1), snaps.lookup("data", twoFiles()));
  }

  @Test
  void forget_dropsTheSnapshot() {
    DirSnapshots snaps = new DirSnapshots(state, CLOCK);
    snaps.record("data", twoFiles(), H1);

    snaps.forget("data");

    assertEquals(Optional.empty(), snaps.lookup("data", twoFiles()));
  }

  private static StatFingerprint cache(Instant prefixMtime) {
    return new StatFingerprint().add(".", 'd', 0, stat(0, OLD, "x").mtimeNanos(), 1)
        .add("ab", 'd', 0, stat(0, prefixMtime, "x").mtimeNanos(), 2);
  }

  @Test
  void lookupComplete_afterRecordWithTheCacheSeen_givesHashSizeAndCount() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    s.record("data", twoFiles(), H1, new DirSnapshots.CacheSeen(cache(OLD), 30, 2));

    assertEquals(Optional.of(new DirSnapshots.Complete(H1, 30, 2)), s.lookupComplete("data", twoFiles(), cache(OLD)));
    assertEquals(Optional.of(H1), s.lookup("data", twoFiles()));
  }

  @Test
  void lookupComplete_whenTheCacheChanged_isEmpty_butTheHashIsStillKnown() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    s.record("data", twoFiles(), H1, new DirSnapshots.CacheSeen(cache(OLD), 30, 2));

    // An object removed from folder ab/ moved that folder's modification time.
    assertEquals(Optional.empty(), s.lookupComplete("data", twoFiles(), cache(OLD.plusSeconds(1))));
    assertEquals(Optional.of(H1), s.lookup("data", twoFiles()));
  }

  @Test
  void lookupComplete_whenTheCacheChangedJustBeforeTheSnapshot_isNotTrusted() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    // A removal in the same clock tick could leave the folder's time as it was: not settled.
    StatFingerprint racy = cache(NOW.minusMillis(1));
    s.record("data", twoFiles(), H1, new DirSnapshots.CacheSeen(racy, 30, 2));

    assertEquals(Optional.empty(), s.lookupComplete("data", twoFiles(), racy));
  }

  @Test
  void lookupComplete_ofASnapshotRecordedWithoutTheCache_isEmpty() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    s.record("data", twoFiles(), H1);

    assertEquals(Optional.empty(), s.lookupComplete("data", twoFiles(), cache(OLD)));
  }

  @Test
  void lookupComplete_ofChangedFiles_isEmpty() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    s.record("data", twoFiles(), H1, new DirSnapshots.CacheSeen(cache(OLD), 30, 2));
    StatFingerprint changed = twoFiles().add("c.csv", stat(1, OLD, "(dev=1,ino=9)"));

    assertEquals(Optional.empty(), s.lookupComplete("data", changed, cache(OLD)));
  }

  @Test
  void completeWith_holdsForTheRecordedHashAndAnUnchangedSettledCache() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    s.record("data", twoFiles(), H1, new DirSnapshots.CacheSeen(cache(OLD), 30, 2));

    assertTrue(s.completeWith("data", H1, cache(OLD)));
    assertFalse(s.completeWith("data", "b".repeat(64), cache(OLD)), "another hash");
    assertFalse(s.completeWith("data", H1, cache(OLD.plusSeconds(1))), "the cache changed");
    assertFalse(s.completeWith("other", H1, cache(OLD)), "no snapshot");
  }

  @Test
  void completeWith_ofASnapshotWithoutTheCache_orAnUnsettledCache_isFalse() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    s.record("plain", twoFiles(), H1);
    StatFingerprint racy = cache(NOW.minusMillis(1));
    s.record("racy", twoFiles(), H1, new DirSnapshots.CacheSeen(racy, 30, 2));

    assertFalse(s.completeWith("plain", H1, cache(OLD)));
    assertFalse(s.completeWith("racy", H1, racy));
  }

  @Test
  void completeWith_ofADamagedTimestamp_isFalse() throws IOException {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    s.record("data", twoFiles(), H1, new DirSnapshots.CacheSeen(cache(OLD), 30, 2));
    Path file;
    try (java.util.stream.Stream<Path> files = Files.list(state.resolve("dirs"))) {
      file = files.findFirst().orElseThrow();
    }
    String[] lines = Files.readString(file).split("\n", -1);
    lines[3] = "soon";
    Files.writeString(file, String.join("\n", lines));

    assertFalse(s.completeWith("data", H1, cache(OLD)));
    assertEquals(Optional.empty(), s.lookup("data", twoFiles()));
  }

  // A snapshot file is lines: a directory with a line break anywhere is never recorded.
  @Test
  void record_ofADirectoryWithALineBreak_isSkipped() {
    DirSnapshots s = new DirSnapshots(state, CLOCK);
    for (String dir : new String[] {"\ndata", "\rdata", "da\nta"}) {
      s.record(dir, twoFiles(), H1);
      assertEquals(Optional.empty(), s.lookup(dir, twoFiles()), dir);
    }
  }
}
