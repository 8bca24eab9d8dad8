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
    String text;
    try {
      text = Files.readString(file(relDir), StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw StorageException.of("read", file(relDir), e);
    }
    // magic, directory, fingerprint, recorded-at, hash: a damaged snapshot is simply not used.
    String[] p = text.split("\n", -1);
    if (p.length < 5 || !p[0].equals(MAGIC) || !p[1].equals(relDir) || !p[2].equals(fp.value())
        || !Sha256.isHash(p[4])) {
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

  /** Records that {@code relDir}, with files of this fingerprint, has manifest hash {@code hash}. */
  public void record(String relDir, StatFingerprint fp, String hash) {
    if (relDir.indexOf('\n') >= 0 || relDir.indexOf('\r') >= 0) {
      return;
    }
    long now = clock.millis() * 1_000_000L;
    String text = MAGIC + "\n" + relDir + "\n" + fp.value() + "\n" + now + "\n" + hash + "\n";
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
