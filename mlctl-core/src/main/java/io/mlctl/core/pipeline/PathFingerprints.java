package io.mlctl.core.pipeline;

import io.mlctl.core.StorageException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers the hash of each path a stage names (a dependency or an output, file or directory)
 * together with a fingerprint of the stat data of every file under it: path, size, modification
 * time and inode. When the fingerprint is unchanged, so is every file's stat, and the hash is
 * known without looking up ten thousand files in the hash cache or rebuilding the directory's
 * manifest; a new, deleted, renamed or rewritten file changes the fingerprint. This is the hash
 * cache's rule applied to a whole folder at once, with the same guard: a path is remembered only
 * when all its files were last modified well before it was hashed, so a write within one
 * timestamp tick of the hashing is never missed.
 *
 * <p>Kept in {@code .mlctl/state/pipeline-paths}, one line per path, loaded whole (a pipeline names
 * few paths) and rewritten atomically by {@link #flush}; losing an update only costs a re-hash.
 * Readers such as {@code status} write it too, without the lock, as they do the hash cache.
 * Thread-safe.
 */
public final class PathFingerprints {
  static final String FILE = "pipeline-paths";
  /** As in the hash cache: whole-second timestamps get two seconds, finer ones 50 ms. */
  static final long RACY_COARSE_NANOS = 2_000_000_000L;
  static final long RACY_FINE_NANOS = 50_000_000L;

  private final Path file;
  private final java.time.Clock clock;
  private Map<String, Entry> entries;
  private boolean dirty;

  /** A path's hash as of one fingerprint of its files' stat data. */
  record Entry(String fingerprint, Output output) {}

  public PathFingerprints(Workspace ws) {
    this.file = ws.layout().state().resolve(FILE);
    this.clock = ws.project().clock();
  }

  /** The remembered hash of {@code rel}, if its files' stat data still has this fingerprint. */
  synchronized Optional<Output> lookup(String rel, String fingerprint) {
    Entry e = entries().get(rel);
    return e != null && e.fingerprint().equals(fingerprint) ? Optional.of(e.output()) : Optional.empty();
  }

  /** What is remembered about {@code rel}, if anything. */
  synchronized Optional<Entry> entry(String rel) {
    return Optional.ofNullable(entries().get(rel));
  }

  /**
   * Remembers a hash just computed from files with this fingerprint, unless one of them was
   * modified too close to now for its timestamp to tell a later write apart.
   *
   * @param newestMtimeNanos the latest modification time among the files
   * @param coarse whether any of them has a whole-second modification time
   */
  synchronized void record(String rel, String fingerprint, Output output, long newestMtimeNanos, boolean coarse) {
    long now = clock.millis() * 1_000_000L;
    long margin = coarse ? RACY_COARSE_NANOS : RACY_FINE_NANOS;
    if (newestMtimeNanos > now - margin || rel.indexOf('\n') >= 0 || rel.indexOf('\r') >= 0) {
      forget(rel);
      return;
    }
    Entry e = new Entry(fingerprint, output);
    if (!e.equals(entries().put(rel, e))) {
      dirty = true;
    }
  }

  synchronized void forget(String rel) {
    if (entries().remove(rel) != null) {
      dirty = true;
    }
  }

  /** Drops the paths no stage names any more. */
  public synchronized void retain(Set<String> paths) {
    if (entries().keySet().retainAll(paths)) {
      dirty = true;
    }
  }

  /** Writes the entries if they changed. */
  public synchronized void flush() {
    if (!dirty) {
      return;
    }
    StringBuilder sb = new StringBuilder(entries.size() * 160);
    entries.forEach((rel, e) -> {
      Output o = e.output();
      sb.append(e.fingerprint()).append('\t').append(o.dir() ? 'd' : 'f').append('\t').append(o.sha256()).append('\t')
          .append(o.size()).append('\t').append(o.nfiles()).append('\t').append(rel).append('\n');
    });
    try {
      AtomicFiles.writeStringUnforced(file, sb.toString());
    } catch (StorageException lost) {
      // Another process swept our temporary file before the rename: its version won.
      if (!(lost.getCause() instanceof NoSuchFileException)) {
        throw lost;
      }
    }
    dirty = false;
  }

  private Map<String, Entry> entries() {
    if (entries == null) {
      entries = load();
    }
    return entries;
  }

  private Map<String, Entry> load() {
    Map<String, Entry> out = new HashMap<>();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      return out;
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", 6);
      // A damaged line only costs a re-hash of its path.
      if (f.length != 6 || f[0].length() != 32 || !Sha256.isHash(f[2]) || !(f[1].equals("d") || f[1].equals("f"))) {
        continue;
      }
      try {
        long size = Long.parseLong(f[3]);
        long nfiles = Long.parseLong(f[4]);
        Output o = f[1].equals("d") ? Output.directory(f[5], f[2], size, nfiles) : Output.file(f[5], f[2], size);
        out.put(f[5], new Entry(f[0], o));
      } catch (NumberFormatException skip) {
        // as above
      }
    }
    return out;
  }

  /** A folder's fingerprint, with what the guard against racily clean files needs. */
  record Snapshot(String fingerprint, long newestMtimeNanos, boolean coarse) {}

  /**
   * The fingerprint of everything under a folder: 128 bits over each entry's path, type, size,
   * modification time and identity (inode and device, as the file key's hash), for every file, folder and symbolic link
   * (and a link's target) at any depth. Entries are combined by addition, so the order in which
   * the file system lists them does not matter. It tells more than the hash needs (a folder's own
   * timestamp, temporary files), which only ever costs a re-hash. Two lanes of multiply-rotate
   * mixing finished with MurmurHash3's finaliser: not cryptographic, as nothing adversarial is at
   * stake; an accidental collision needs two different listings to agree in all 128 bits.
   */
  static Snapshot walk(Path dir) throws IOException {
    Sum sum = new Sum();
    walk(dir, "", sum);
    return new Snapshot(sum.hex(), sum.newest, sum.coarse);
  }

  private static void walk(Path dir, String prefix, Sum sum) throws IOException {
    try (java.nio.file.DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = prefix + child.getFileName();
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException vanished) {
          continue;
        }
        if (a.isDirectory()) {
          sum.add(name + "/", 'd', a);
          walk(child, name + "/", sum);
        } else if (a.isSymbolicLink()) {
          sum.add(name, 'l', a);
          try {
            sum.add(name, 't', Files.readAttributes(child, BasicFileAttributes.class));
          } catch (NoSuchFileException dangling) {
            sum.add(name, '?', null);
          }
        } else {
          sum.add(name, 'f', a);
        }
      }
    }
  }

  /** The per-entry hashes added up, lane by lane. */
  private static final class Sum {
    long a;
    long b;
    long count;
    long newest = Long.MIN_VALUE;
    boolean coarse;

    void add(String name, char type, BasicFileAttributes attrs) {
      Mixer m = new Mixer();
      m.add(type);
      m.add(name);
      if (attrs != null) {
        long mtime = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        m.add(attrs.size());
        m.add(mtime);
        // The identity's hash, not its text: it holds the inode itself (folded to 32 bits) plus
        // the device, and costs a fraction of formatting both for every file.
        Object key = attrs.fileKey();
        m.add(key == null ? 0 : key.hashCode());
        newest = Math.max(newest, mtime);
        coarse |= mtime % 1_000_000_000L == 0;
      }
      a += m.x();
      b += m.y();
      count++;
    }

    String hex() {
      Mixer m = new Mixer();
      m.add(count);
      m.add(a);
      m.add(b);
      return m.hex();
    }
  }

  /** A 128-bit fingerprint of bytes, mixed as stat data is (see {@link #walk}). */
  static String ofBytes(byte[] bytes) {
    Mixer m = new Mixer();
    m.add(bytes.length);
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      long v = 0;
      for (int j = 0; j < 8; j++) {
        v = (v << 8) | (bytes[i + j] & 0xFF);
      }
      m.add(v);
    }
    long tail = 0;
    for (; i < bytes.length; i++) {
      tail = (tail << 8) | (bytes[i] & 0xFF);
    }
    m.add(tail);
    return m.hex();
  }

  /** The fingerprint of a single file's stat data. */
  static String fingerprint(FileStat stat) {
    Mixer m = new Mixer();
    m.add(-1);
    m.add(stat);
    return m.hex();
  }

  private static final class Mixer {
    private long a = 0x9E3779B97F4A7C15L;
    private long b = 0xC2B2AE3D27D4EB4FL;

    void add(long v) {
      a = Long.rotateLeft(a ^ (v * 0x87C37B91114253D5L), 31) * 0x4CF5AD432745937FL + 0x52DCE729L;
      b = Long.rotateLeft(b ^ (v * 0x4CF5AD432745937FL), 33) * 0x87C37B91114253D5L + 0x38495AB5L;
    }

    void add(String s) {
      int n = s.length();
      add(n);
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        add(((long) s.charAt(i) << 48) | ((long) s.charAt(i + 1) << 32) | ((long) s.charAt(i + 2) << 16) | s.charAt(i + 3));
      }
      long tail = 0;
      for (; i < n; i++) {
        tail = (tail << 16) | s.charAt(i);
      }
      add(tail);
    }

    void add(FileStat st) {
      add(st.size());
      add(st.mtimeNanos());
      add(st.inode());
    }

    long x() {
      return fmix(a + b);
    }

    long y() {
      return fmix(b + x());
    }

    String hex() {
      return hex16(x()) + hex16(y());
    }

    private static String hex16(long v) {
      String h = Long.toHexString(v);
      return "0000000000000000".substring(h.length()) + h;
    }

    private static long fmix(long k) {
      k ^= k >>> 33;
      k *= 0xFF51AFD7ED558CCDL;
      k ^= k >>> 33;
      k *= 0xC4CEB93FE53A87F9L;
      k ^= k >>> 33;
      return k;
    }
  }
}
