package io.mlctl.core.state;

import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Remembers, per directory, the stat of every file in it (as one {@link StatFingerprint}) with the
 * manifest hash the directory had then. When a later walk finds the same files with the same
 * size, modification time and inode, the directory's hash is known without loading the hash
 * cache's buckets or parsing its manifest: a no-op {@code status} or {@code add} of a large
 * directory costs the walk and little else.
 *
 * <p>The same racily-clean rule as {@link HashCache} applies: a snapshot is trusted only when its
 * newest file was modified well before the snapshot was taken. Snapshots live in
 * {@code .mlctl/state/dirs/}, one small file per directory, replaced atomically; losing one only
 * costs the slower path once.
 */
public final class DirSnapshots {
  private static final String MAGIC = "mlctl-dir-snapshot 1";

  private final Path dir;
  private final Clock clock;

  public DirSnapshots(Path stateDir, Clock clock) {
    this.dir = stateDir.resolve("dirs");
    this.clock = clock;
  }

  /**
   * The manifest hash recorded for {@code relDir} when its files had exactly this fingerprint,
   * if the snapshot exists and is safe to trust.
   */
  public Optional<String> lookup(String relDir, StatFingerprint fp) {
    String[] p = read(relDir, fp);
    if (p == null) {
      return Optional.empty();
    }
    long recordedAt;
    try {
      recordedAt = Long.parseLong(p[3]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return fp.settledBefore(recordedAt) ? Optional.of(p[4]) : Optional.empty();
  }

  /**
   * What {@code add} saw when every object of the directory was in the cache: the cache's own
   * stamp then (see {@code Workspace.cacheStamp}), and the directory's size and file count.
   */
  public record CacheSeen(StatFingerprint cacheStamp, long size, long files) {}

  /** A snapshot whose objects were all in the cache, which has not lost a file since. */
  public record Complete(String hash, long size, long files) {}

  /**
   * Like {@link #lookup}, but only when the snapshot also recorded that every object was in the
   * cache, and the cache's stamp is still the one it recorded (settled, by the racily-clean rule):
   * no object can have left the cache since, so {@code add} need not look for each one.
   */
  public Optional<Complete> lookupComplete(String relDir, StatFingerprint fp, StatFingerprint cacheStamp) {
    String[] p = read(relDir, fp);
    if (p == null || p.length < 9 || !p[5].equals(cacheStamp.value())) {
      return Optional.empty();
    }
    try {
      long recordedAt = Long.parseLong(p[3]);
      long size = Long.parseLong(p[6]);
      long files = Long.parseLong(p[7]);
      if (!fp.settledBefore(recordedAt) || !cacheStamp.settledBefore(recordedAt)) {
        return Optional.empty();
      }
      return Optional.of(new Complete(p[4], size, files));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the snapshot of {@code relDir}, whatever the stat of its files, is of manifest
   * {@code hash} with every object in the cache, and the cache's stamp is still the one it
   * recorded (settled): for a directory the file-system monitor vouches for, whose content is
   * known without a walk.
   */
  public boolean completeWith(String relDir, String hash, StatFingerprint cacheStamp) {
    String[] p = read(relDir, null);
    if (p == null || p.length < 9 || !p[4].equals(hash) || !p[5].equals(cacheStamp.value())) {
      return false;
    }
    try {
      return cacheStamp.settledBefore(Long.parseLong(p[3]));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Records that {@code relDir}, with files of this fingerprint, has manifest hash {@code hash}. */
  public void record(String relDir, StatFingerprint fp, String hash) {
    record(relDir, fp, hash, null);
  }

  /** Like {@link #record(String, StatFingerprint, String)}, noting what the cache held then. */
  public void record(String relDir, StatFingerprint fp, String hash, CacheSeen seen) {
    if (relDir.indexOf('\n') >= 0 || relDir.indexOf('\r') >= 0) {
      return;
    }
    long now = clock.millis() * 1_000_000L;
    String text = MAGIC + "\n" + relDir + "\n" + fp.value() + "\n" + now + "\n" + hash + "\n";
    if (seen != null) {
      text += seen.cacheStamp().value() + "\n" + seen.size() + "\n" + seen.files() + "\n";
    }
    try {
      AtomicFiles.writeStringUnforced(file(relDir), text);
    } catch (StorageException lost) {
      // Readers record without the lock; when another process swept our temporary file first,
      // its snapshot won and ours only costs the slower path once.
      if (!(lost.getCause() instanceof NoSuchFileException)) {
        throw lost;
      }
    }
  }

  /**
   * The snapshot's lines when it is for this directory and fingerprint (any, when null): magic, directory,
   * fingerprint, recorded-at, hash, then (when add saw every object in the cache) the cache's
   * stamp, size and file count. A damaged snapshot is simply not used.
   */
  private String[] read(String relDir, StatFingerprint fp) {
    String text;
    try {
      text = Files.readString(file(relDir), StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      return null;
    } catch (IOException e) {
      throw StorageException.of("read", file(relDir), e);
    }
    String[] p = text.split("\n", -1);
    if (p.length < 5 || !p[0].equals(MAGIC) || !p[1].equals(relDir) || (fp != null && !p[2].equals(fp.value()))
        || !Sha256.isHash(p[4])) {
      return null;
    }
    return p;
  }

  /** Forgets a directory's snapshot (it is no longer tracked as it was). */
  public void forget(String relDir) {
    try {
      Files.deleteIfExists(file(relDir));
    } catch (IOException e) {
      throw StorageException.of("remove", file(relDir), e);
    }
  }

  private Path file(String relDir) {
    return dir.resolve(Sha256.of(relDir.getBytes(StandardCharsets.UTF_8)).substring(0, 32));
  }
}
