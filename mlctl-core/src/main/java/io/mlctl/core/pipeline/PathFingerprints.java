package io.mlctl.core.pipeline;

import io.mlctl.core.StorageException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.state.StatFingerprint;
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
    if (newestMtimeNanos > now - StatFingerprint.racyMargin(coarse) || rel.indexOf('\n') >= 0 || rel.indexOf('\r') >= 0) {
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
   * The fingerprint of everything under a folder: a {@link StatFingerprint} of each entry's path,
   * type, size, modification time and identity (the file key's hash), for every file, folder and
   * symbolic link (and a link's target) at any depth. It tells more than the hash needs (a
   * folder's own timestamp, temporary files), which only ever costs a re-hash.
   */
  static Snapshot walk(Path dir) throws IOException {
    StatFingerprint fp = new StatFingerprint();
    walk(dir, "", fp);
    return new Snapshot(fp.value(), fp.newestMtimeNanos(), fp.coarse());
  }

  /**
   * Mixes in every entry under {@code dir}, each stated relative to its open folder (fstatat, as
   * {@code Workspace}'s scan does), and skips the hidden folders a killed checkout leaves, which
   * are never data and go with the next write.
   */
  private static void walk(Path dir, String prefix, StatFingerprint fp) throws IOException {
    try (java.nio.file.DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      java.nio.file.SecureDirectoryStream<Path> secure =
          children instanceof java.nio.file.SecureDirectoryStream<Path> sds ? sds : null;
      for (Path child : children) {
        Path fileName = child.getFileName();
        BasicFileAttributes a;
        try {
          a = secure != null
              ? secure.getFileAttributeView(fileName, java.nio.file.attribute.BasicFileAttributeView.class,
                  LinkOption.NOFOLLOW_LINKS).readAttributes()
              : Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException vanished) {
          continue;
        }
        String name = prefix + fileName;
        if (a.isDirectory()) {
          if (io.mlctl.core.io.AtomicFiles.isTemp(fileName.toString())) {
            continue;
          }
          add(fp, name + "/", 'd', a);
          walk(child, name + "/", fp);
        } else if (a.isSymbolicLink()) {
          add(fp, name, 'l', a);
          try {
            add(fp, name, 't', Files.readAttributes(child, BasicFileAttributes.class));
          } catch (NoSuchFileException dangling) {
            fp.addUnreadable(name, '?');
          }
        } else {
          add(fp, name, 'f', a);
        }
      }
    }
  }

  private static void add(StatFingerprint fp, String name, char type, BasicFileAttributes a) {
    // The identity's hash, not its text: it holds the inode itself (folded to 32 bits) plus the
    // device, and costs a fraction of formatting both for every file.
    Object key = a.fileKey();
    fp.add(name, type, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
        key == null ? 0 : key.hashCode());
  }

  /** A 128-bit fingerprint of bytes, mixed as stat data is (see {@link #walk}). */
  static String ofBytes(byte[] bytes) {
    return StatFingerprint.ofBytes(bytes);
  }

  /** The fingerprint of a single file's stat data. */
  static String fingerprint(FileStat stat) {
    return StatFingerprint.of(stat);
  }
}
