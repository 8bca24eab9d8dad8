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
 * Hashes the paths stages name, as {@code add} would record them, through the hash cache so an
 * unchanged file is not read again. Thread-safe as {@link Workspace#hashOf} is.
 */
final class Hasher {
  private final Workspace ws;

  Hasher(Workspace ws) {
    this.ws = ws;
  }

  /** The path's hash, or empty when it does not exist. */
  Optional<Output> hash(String rel) {
    return hashWith(rel).map(Hashed::output);
  }

  /** A hashed path and, for a directory, its manifest. */
  record Hashed(Output output, Manifest manifest) {}

  Optional<Hashed> hashWith(String rel) {
    Path p = ws.root().resolve(rel);
    try {
      if (Files.isDirectory(p)) {
        List<Manifest.Entry> entries = new ArrayList<>();
        for (Workspace.Found f : ws.scan(p)) {
          String fileRel = rel + "/" + f.path();
          entries.add(new Manifest.Entry(f.path(), ws.hashOf(f.file(), fileRel, f.stat()), f.stat().size()));
        }
        Manifest m = Manifest.of(entries);
        return Optional.of(new Hashed(Output.directory(rel, Sha256.of(m.toBytes()), m.totalSize(), entries.size()), m));
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      FileStat st = FileStat.of(p.toRealPath());
      return Optional.of(new Hashed(Output.file(rel, ws.hashOf(p.toRealPath(), rel, st), st.size()), null));
    } catch (IOException e) {
      throw StorageException.of("hash", p, e);
    }
  }
}
