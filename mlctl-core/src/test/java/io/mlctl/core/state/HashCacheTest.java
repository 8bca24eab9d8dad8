package io.mlctl.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.testing.TestRepo;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HashCacheTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String H1 = "a".repeat(64);
  private static final String H2 = "b".repeat(64);

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

  /** A stat of a file last modified {@code ago} before the clock. */
  private static FileStat modifiedAgo(Duration ago, long size) {
    Instant t = NOW.minus(ago);
    return new FileStat(size, TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano(), "2049:17");
  }

  @Test
  void lookup_ofUnknownPath_isEmpty() {
    HashCache cache = new HashCache(state, CLOCK);

    assertEquals(Optional.empty(), cache.lookup("data/a.csv", modifiedAgo(Duration.ofHours(1), 10)));
  }

  @Test
  void lookup_afterRecord_givesTheHashForTheSameStatOnly() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat stat = modifiedAgo(Duration.ofMinutes(5), 10);

    cache.record("data/a.csv", stat, H1);

    assertEquals(Optional.of(H1), cache.lookup("data/a.csv", stat));
    assertEquals(Optional.empty(), cache.lookup("data/b.csv", stat));
    assertEquals(Optional.empty(), cache.lookup("data/a.csv", new FileStat(11, stat.mtimeNanos(), stat.inode())));
    assertEquals(Optional.empty(), cache.lookup("data/a.csv", new FileStat(10, stat.mtimeNanos() + 1, stat.inode())));
    assertEquals(Optional.empty(), cache.lookup("data/a.csv", new FileStat(10, stat.mtimeNanos(), "2049:18")));
  }

  @Test
  void flush_ofEveryBucketAtOnce_thenReload_keepsEveryEntry() throws IOException {
    // Enough paths to change most of the 256 buckets: they are written on several threads.
    HashCache cache = new HashCache(state, CLOCK);
    FileStat stat = modifiedAgo(Duration.ofMinutes(5), 10);
    for (int i = 0; i < 3000; i++) {
      cache.record("data/" + i + ".png", stat, i % 2 == 0 ? H1 : H2);
    }

    cache.flush();

    java.util.Set<Integer> changed = new java.util.HashSet<>();
    for (int i = 0; i < 3000; i++) {
      changed.add(HashCache.bucketOf("data/" + i + ".png"));
    }
    assertTrue(changed.size() > 200);
    try (Stream<Path> buckets = Files.list(state.resolve("hashes"))) {
      assertEquals(changed.size(), buckets.count());
    }
    HashCache reloaded = new HashCache(state, CLOCK);
    for (int i = 0; i < 3000; i++) {
      assertEquals(Optional.of(i % 2 == 0 ? H1 : H2), reloaded.lookup("data/" + i + ".png", stat), "entry " + i);
    }
  }

  @Test
  void flush_thenReload_keepsEveryEntry() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat a = modifiedAgo(Duration.ofMinutes(5), 10);
    FileStat b = modifiedAgo(Duration.ofMinutes(6), 20);
    cache.record("data/a.csv", a, H1);
    cache.record("data/dir/b with\ttab.csv", b, H2);
    cache.flush();

    HashCache reloaded = new HashCache(state, CLOCK);

    assertEquals(Optional.of(H1), reloaded.lookup("data/a.csv", a));
    assertEquals(Optional.of(H2), reloaded.lookup("data/dir/b with\ttab.csv", b));
  }

  @Test
  void record_withoutFlush_isNotOnDisk() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat a = modifiedAgo(Duration.ofMinutes(5), 10);
    cache.record("data/a.csv", a, H1);

    assertEquals(Optional.empty(), new HashCache(state, CLOCK).lookup("data/a.csv", a));
  }

  @Test
  void record_ofANewHash_replacesTheOld() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat a = modifiedAgo(Duration.ofMinutes(5), 10);
    cache.record("data/a.csv", a, H1);
    cache.flush();

    cache.record("data/a.csv", a, H2);
    cache.flush();

    assertEquals(Optional.of(H2), new HashCache(state, CLOCK).lookup("data/a.csv", a));
  }

  @Test
  void forget_removesTheEntry() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat a = modifiedAgo(Duration.ofMinutes(5), 10);
    cache.record("data/a.csv", a, H1);
    cache.flush();

    cache.forget("data/a.csv");
    cache.flush();

    assertEquals(Optional.empty(), cache.lookup("data/a.csv", a));
    assertEquals(Optional.empty(), new HashCache(state, CLOCK).lookup("data/a.csv", a));
  }

  @Test
  void lookup_ofFileModifiedWithinFiftyMillisecondsBeforeHashing_isNotTrusted() {
    // Fine timestamps (a fraction of a second): the margin is the kernel clock's coarseness.
    HashCache cache = new HashCache(state, CLOCK);
    FileStat racy = modifiedAgo(Duration.ofMillis(49).plusNanos(500_000), 10);
    FileStat now = modifiedAgo(Duration.ofNanos(500_000), 10);
    cache.record("data/racy.csv", racy, H1);
    cache.record("data/now.csv", now, H1);
    cache.flush();

    assertEquals(Optional.empty(), cache.lookup("data/racy.csv", racy));
    assertEquals(Optional.empty(), cache.lookup("data/now.csv", now));
    // Still untrusted after a reload: the rule is about when the hash was taken, not when it is read.
    HashCache later = new HashCache(state, Clock.offset(CLOCK, Duration.ofDays(1)));
    assertEquals(Optional.empty(), later.lookup("data/racy.csv", racy));
  }

  @Test
  void lookup_ofWholeSecondTimestampLessThanTwoSecondsBeforeHashing_isNotTrusted() {
    // Whole-second timestamps (FAT, HFS+, ext3): a change in the same second keeps the mtime.
    HashCache cache = new HashCache(state, CLOCK);
    FileStat racy = modifiedAgo(Duration.ofSeconds(1), 10);
    cache.record("data/racy.csv", racy, H1);

    assertEquals(Optional.empty(), cache.lookup("data/racy.csv", racy));
  }

  @Test
  void lookup_ofFileModifiedLongEnoughBeforeHashing_isTrusted() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat fine = modifiedAgo(Duration.ofMillis(50).plusNanos(500_000), 10);
    FileStat two = modifiedAgo(Duration.ofSeconds(2), 10);
    FileStat three = modifiedAgo(Duration.ofSeconds(3), 10);
    cache.record("data/fine.csv", fine, H1);
    cache.record("data/two.csv", two, H1);
    cache.record("data/three.csv", three, H2);

    assertEquals(Optional.of(H1), cache.lookup("data/fine.csv", fine));
    assertEquals(Optional.of(H1), cache.lookup("data/two.csv", two));
    assertEquals(Optional.of(H2), cache.lookup("data/three.csv", three));
  }

  @Test
  void lookup_ofFileModifiedAfterHashing_isNotTrusted() {
    // A clock behind the file's mtime (another machine's file, a skewed clock): never trust it.
    HashCache cache = new HashCache(state, CLOCK);
    FileStat future = modifiedAgo(Duration.ofMinutes(-10), 10);
    cache.record("data/future.csv", future, H1);

    assertEquals(Optional.empty(), cache.lookup("data/future.csv", future));
  }

  @Test
  void reload_skipsDamagedLines() throws IOException {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat a = modifiedAgo(Duration.ofMinutes(5), 10);
    cache.record("data/a.csv", a, H1);
    cache.flush();
    Path bucket;
    try (Stream<Path> s = Files.list(state.resolve("hashes"))) {
      bucket = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
    }
    Files.writeString(bucket, "garbage\nx\ty\tz\tw\t" + H2 + "\tdata/a.csv\n" + Files.readString(bucket));

    assertEquals(Optional.of(H1), new HashCache(state, CLOCK).lookup("data/a.csv", a));
  }

  @Test
  void fileStat_ofAFile_hasSizeMtimeAndIdentity() throws IOException {
    Path f = Files.writeString(fs.getPath("/repo/a.txt"), "hello");
    Files.setLastModifiedTime(f, FileTime.from(NOW.minusSeconds(60)));

    FileStat stat = FileStat.of(f);

    assertEquals(5, stat.size());
    assertEquals(TimeUnit.MILLISECONDS.toNanos(NOW.minusSeconds(60).toEpochMilli()), stat.mtimeNanos());
    assertFalse(stat.inode().isEmpty());
    assertTrue(FileStat.of(Files.writeString(fs.getPath("/repo/b.txt"), "hello")).inode() != null);
  }

  @Test
  void flush_fromConcurrentProcesses_neverFails(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    // 'mlctl status' takes no lock and flushes the hash cache: two of them (or status beside add)
    // write the same bucket at once. Each flush must succeed; losing the other's update only costs
    // a re-hash. Each HashCache here stands for one process.
    int writers = 4;
    int rounds = 300;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            HashCache cache = new HashCache(dir, CLOCK);
            cache.record("data/a.csv", modifiedAgo(Duration.ofSeconds(10 + id * rounds + i), 10), H1);
            cache.flush();
          }
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // The last rename wins whole: the bucket reads back as exactly one writer's last record,
    // and no temporary file is left beside it.
    HashCache after = new HashCache(dir, CLOCK);
    java.util.List<Integer> found = new java.util.ArrayList<>();
    for (int w = 0; w < writers; w++) {
      if (after.lookup("data/a.csv", modifiedAgo(Duration.ofSeconds(10 + w * rounds + rounds - 1), 10)).equals(Optional.of(H1))) {
        found.add(w);
      }
    }
    assertEquals(1, found.size(), "writers whose last record the bucket holds: " + found);
    try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("hashes"))) {
      assertEquals(java.util.List.of(String.format("%02x", HashCache.bucketOf("data/a.csv"))),
          files.map(f -> f.getFileName().toString()).toList());
    }
    assertEquals(1, Files.readAllLines(dir.resolve("hashes").resolve(String.format("%02x", HashCache.bucketOf("data/a.csv")))).size());
  }

  // Buckets are tab-separated lines: a path with a line break, or an identity with a tab or a
  // line break, cannot be written back, so it is never recorded (wherever the character is).
  @Test
  void record_ofAPathOrIdentityThatTheBucketCannotHold_isSkipped() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat ok = modifiedAgo(Duration.ofMinutes(5), 10);
    for (String path : new String[] {"\nx", "\rx", "a\nx"}) {
      cache.record(path, ok, H1);
      assertEquals(Optional.empty(), cache.lookup(path, ok), path);
    }
    for (String inode : new String[] {"\t1", "1\t2", "\n1"}) {
      FileStat odd = new FileStat(10, ok.mtimeNanos(), inode);
      cache.record("data/a.csv", odd, H1);
      assertEquals(Optional.empty(), cache.lookup("data/a.csv", odd), inode);
    }
  }

  @Test
  void evict_writesTheBucket_soAnotherCacheFindsTheEntry() {
    HashCache cache = new HashCache(state, CLOCK);
    FileStat stat = modifiedAgo(Duration.ofMinutes(5), 10);
    cache.record("data/a.csv", stat, H1);

    cache.evict(HashCache.bucketOf("data/a.csv"));

    assertEquals(Optional.of(H1), new HashCache(state, CLOCK).lookup("data/a.csv", stat));
    assertEquals(Optional.of(H1), cache.lookup("data/a.csv", stat), "an evicted bucket is loaded again");
  }

  @Test
  void fileStat_onTheDisk_isTheSameForAHardLinkAndDiffersForAnotherFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "x");
    Path b = Files.writeString(dir.resolve("b"), "x");
    Path link = Files.createLink(dir.resolve("link"), a);

    assertEquals(FileStat.of(a).inode(), FileStat.of(link).inode());
    assertFalse(FileStat.of(a).inode().equals(FileStat.of(b).inode()));
  }
}
