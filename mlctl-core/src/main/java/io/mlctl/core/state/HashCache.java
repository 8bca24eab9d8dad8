package io.mlctl.core.state;

import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.util.Parallel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the SHA-256 of work-tree files by path, size, modification time and inode, so an
 * unchanged file is never read again. Entries live in 256 bucket files under
 * {@code .mlctl/state/hashes/}, chosen by the path's {@code String.hashCode}: asking about one file
 * loads one bucket, and a million entries never need to be in memory at once.
 *
 * <p>An entry is trusted only when the file was last modified well before it was hashed: a file
 * changed within the file system's timestamp granularity after hashing could otherwise keep its
 * size and mtime ("racily clean", as Git calls it). Buckets are rewritten atomically; losing an
 * update only costs a re-hash. Thread-safe.
 */
public final class HashCache {
  /**
   * Files modified this close to their hashing are hashed again next time. File systems with
   * whole-second timestamps (their mtimes have no fraction) get two seconds; others, whose
   * timestamps follow the kernel's coarse clock, a generous 50 ms.
   */
  static final long RACY_COARSE_NANOS = 2_000_000_000L;
  static final long RACY_FINE_NANOS = 50_000_000L;
  private static final int BUCKETS = 256;
  /** From this many changed buckets on, they are written on all cores. */
  private static final int PARALLEL_FLUSH = 32;

  private final Path dir;
  private final Clock clock;
  private final Map<Integer, Bucket> loaded = new ConcurrentHashMap<>();

  public HashCache(Path stateDir, Clock clock) {
    this.dir = stateDir.resolve("hashes");
    this.clock = clock;
  }

  private record Entry(long size, long mtimeNanos, String inode, long hashedAtNanos, String hash) {}

  private static final class Bucket {
    final Map<String, Entry> entries;
    boolean dirty;

    Bucket(Map<String, Entry> entries) {
      this.entries = entries;
    }
  }

  /** The hash recorded for {@code path} if the file still has this stat and the entry is safe. */
  public Optional<String> lookup(String path, FileStat stat) {
    Bucket b = bucket(path);
    Entry e;
    synchronized (b) {
      e = b.entries.get(path);
    }
    if (e == null || e.size != stat.size() || e.mtimeNanos != stat.mtimeNanos() || !e.inode.equals(stat.inode())) {
      return Optional.empty();
    }
    if (e.mtimeNanos > e.hashedAtNanos - StatFingerprint.racyMargin(e.mtimeNanos % 1_000_000_000L == 0)) {
      return Optional.empty();
    }
    return Optional.of(e.hash);
  }

  /** Records a hash just computed from the file with this stat; written by {@link #flush}. */
  public void record(String path, FileStat stat, String hash) {
    if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0 || stat.inode().indexOf('\t') >= 0
        || stat.inode().indexOf('\n') >= 0) {
      return;
    }
    long now = clock.millis() * 1_000_000L;
    Bucket b = bucket(path);
    synchronized (b) {
      Entry old = b.entries.get(path);
      Entry e = new Entry(stat.size(), stat.mtimeNanos(), stat.inode(), now, hash);
      if (!e.equals(old)) {
        b.entries.put(path, e);
        b.dirty = true;
      }
    }
  }

  /** Forgets a path (its file was removed). */
  public void forget(String path) {
    Bucket b = bucket(path);
    synchronized (b) {
      if (b.entries.remove(path) != null) {
        b.dirty = true;
      }
    }
  }

  /** Writes every changed bucket; many of them (after a large add or checkout) on all cores. */
  public void flush() {
    List<Integer> dirty = new ArrayList<>();
    for (Map.Entry<Integer, Bucket> e : loaded.entrySet()) {
      synchronized (e.getValue()) {
        if (e.getValue().dirty) {
          dirty.add(e.getKey());
        }
      }
    }
    if (dirty.size() < PARALLEL_FLUSH) {
      for (Integer n : dirty) {
        flush(n);
      }
      return;
    }
    Parallel.map(dirty, Parallel.defaultThreads(), n -> {
      flush(n);
      return null;
    });
  }

  /** The bucket a path's entry lives in: work on many files goes bucket by bucket. */
  public static int bucketOf(String path) {
    return Math.floorMod(path.hashCode(), BUCKETS);
  }

  /** Writes one bucket if it changed, and lets it go from memory. */
  public void evict(int n) {
    flush(n);
    loaded.remove(n);
  }

  private void flush(int n) {
    Bucket b = loaded.get(n);
    if (b == null) {
      return;
    }
    synchronized (b) {
      if (!b.dirty) {
        return;
      }
      {
        StringBuilder sb = new StringBuilder(b.entries.size() * 140);
        b.entries.forEach((path, en) -> sb.append(en.size).append('\t').append(en.mtimeNanos).append('\t')
            .append(en.inode).append('\t').append(en.hashedAtNanos).append('\t').append(en.hash).append('\t')
            .append(path).append('\n'));
        try {
          AtomicFiles.writeStringUnforced(file(n), sb.toString());
        } catch (StorageException lost) {
          // Readers flush without the lock, and a write sweeps the bucket's stale temporary files:
          // another process may have removed ours before the rename. Its bucket won; losing this
          // update only costs a re-hash.
          if (!(lost.getCause() instanceof NoSuchFileException)) {
            throw lost;
          }
        }
        b.dirty = false;
      }
    }
  }

  private Bucket bucket(String path) {
    return loaded.computeIfAbsent(bucketOf(path), this::load);
  }

  private Path file(int n) {
    return dir.resolve(String.format("%02x", n));
  }

  private Bucket load(int n) {
    Map<String, Entry> entries = new HashMap<>();
    Path f = file(n);
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] p = line.split("\t", 6);
        if (p.length == 6 && Sha256.isHash(p[4])) {
          try {
            entries.put(p[5], new Entry(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2], Long.parseLong(p[3]), p[4]));
          } catch (NumberFormatException skip) {
            // a damaged line costs one re-hash, nothing more
          }
        }
      }
    } catch (NoSuchFileException absent) {
      // no entries yet
    } catch (IOException e) {
      throw StorageException.of("read", f, e);
    }
    return new Bucket(entries);
  }
}
