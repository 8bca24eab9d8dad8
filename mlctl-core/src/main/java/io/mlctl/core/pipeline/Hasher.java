package io.mlctl.core.pipeline;

import io.mlctl.core.StorageException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hashes the paths stages name, as {@code add} would record them: a path whose files' stat data
 * is unchanged since it was last hashed through {@link PathFingerprints}, otherwise through the
 * hash cache, so an unchanged file is not read again. Thread-safe as {@link Workspace#hashOf} is.
 */
final class Hasher {
  private final Workspace ws;
  private final PathFingerprints fingerprints;

  Hasher(Workspace ws, PathFingerprints fingerprints) {
    this.ws = ws;
    this.fingerprints = fingerprints;
  }

  /** The path's hash, or empty when it does not exist. */
  Optional<Output> hash(String rel) {
    return hash(rel, false).map(Hashed::output);
  }

  /** A hashed path and, for a directory, its manifest. */
  record Hashed(Output output, Manifest manifest) {}

  /** The path's hash and, for a directory, its manifest (which the fingerprints cannot give). */
  Optional<Hashed> hashWith(String rel) {
    return hash(rel, true);
  }

  /**
   * The path's stat fingerprint as {@link #hash} computes it, prefixed with {@code d} for a
   * directory or {@code f} for a file; {@code -} when it does not exist.
   */
  static String fingerprint(Path root, String rel) throws IOException {
    Path p = root.resolve(rel);
    if (Files.isDirectory(p)) {
      return "d" + PathFingerprints.walk(p).fingerprint();
    }
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return "-";
    }
    return "f" + PathFingerprints.fingerprint(FileStat.of(p.toRealPath()));
  }

  private Optional<Hashed> hash(String rel, boolean needManifest) {
    Path p = ws.root().resolve(rel);
    try {
      if (Files.isDirectory(p)) {
        // Taken before the files are read: a change while they are makes the next one differ.
        PathFingerprints.Snapshot snap = PathFingerprints.walk(p);
        if (!needManifest) {
          Optional<Output> known = fingerprints.lookup(rel, snap.fingerprint());
          if (known.isPresent() && known.get().dir()) {
            return Optional.of(new Hashed(known.get(), null));
          }
        }
        List<Workspace.Found> found = ws.scan(p);
        List<Manifest.Entry> entries = new ArrayList<>(found.size());
        for (Workspace.Found f : found) {
          String fileRel = rel + "/" + f.path();
          entries.add(new Manifest.Entry(f.path(), ws.hashOf(f.file(), fileRel, f.stat()), f.stat().size()));
        }
        Manifest m = Manifest.of(entries);
        Output out = Output.directory(rel, Sha256.of(m.toBytes()), m.totalSize(), entries.size());
        fingerprints.record(rel, snap.fingerprint(), out, snap.newestMtimeNanos(), snap.coarse());
        return Optional.of(new Hashed(out, m));
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        fingerprints.forget(rel);
        return Optional.empty();
      }
      Path real = p.toRealPath();
      FileStat st = FileStat.of(real);
      String fp = PathFingerprints.fingerprint(st);
      Optional<Output> known = fingerprints.lookup(rel, fp);
      if (known.isPresent() && !known.get().dir()) {
        return Optional.of(new Hashed(known.get(), null));
      }
      Output out = Output.file(rel, ws.hashOf(real, rel, st), st.size());
      fingerprints.record(rel, fp, out, st.mtimeNanos(), st.mtimeNanos() % 1_000_000_000L == 0);
      return Optional.of(new Hashed(out, null));
    } catch (IOException e) {
      throw StorageException.of("hash", p, e);
    }
  }
}
