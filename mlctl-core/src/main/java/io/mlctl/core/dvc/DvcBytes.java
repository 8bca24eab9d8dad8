package io.mlctl.core.dvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the bytes a DVC file recorded and re-hashes them to SHA-256: the work tree's copy when
 * its MD5 is the recorded one, else DVC's cached copy, whose MD5 is checked first too, so only
 * the very bytes DVC recorded reach mlctl's cache. Stored bytes go through the object store,
 * which hashes them as it writes them; an object written for bytes that turn out not to match is
 * taken back. DVC's cache is only read.
 */
final class DvcBytes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final DvcCache cache;
  private final ObjectStore store;

  /** @param store where bytes go; null to hash only */
  DvcBytes(Path root, DvcCache cache, ObjectStore store) {
    this.root = root;
    this.cache = cache;
    this.store = store;
  }

  /** An output found: as mlctl records it, or why not, naming the first bytes that are not here. */
  record Found(Output output, String missing) {
    boolean ok() {
      return output != null;
    }
  }

  /**
   * The output's SHA-256 form, recorded under {@code recordedAs}.
   *
   * @param keep put its bytes (and a directory's manifest) in mlctl's cache
   */
  Found output(DvcOut out, String recordedAs, boolean keep) {
    if (!out.dir()) {
      Optional<Hashed> h = file(out.path(), out.md5(), out.legacy(), keep);
      return h.map(x -> new Found(Output.file(recordedAs, x.sha256(), x.size()), null))
          .orElseGet(() -> new Found(null, out.path() + " (md5 " + out.md5() + ")"));
    }
    List<Manifest.Entry> entries = new ArrayList<>();
    for (DvcOut.Entry e : out.listing()) {
      String rel = out.path() + "/" + e.relpath();
      Optional<Hashed> h = file(rel, e.md5(), out.legacy(), keep);
      if (h.isEmpty()) {
        return new Found(null, rel + " (md5 " + e.md5() + ")");
      }
      entries.add(new Manifest.Entry(e.relpath(), h.get().sha256(), h.get().size()));
    }
    Manifest m = Manifest.of(entries);
    String hash = keep ? store.insert(m::writeTo).hash() : io.mlctl.core.store.Sha256.of(m.toBytes());
    return new Found(Output.directory(recordedAs, hash, m.totalSize(), entries.size()), null);
  }

  record Hashed(String sha256, long size) {}

  /** The SHA-256 of the bytes recorded as {@code md5} for the work-tree file {@code rel}, if any are here. */
  Optional<Hashed> file(String rel, String md5, boolean legacy, boolean keep) {
    Path work = root.resolve(rel);
    if (Files.isRegularFile(work)) {
      Optional<Hashed> h = take(work, md5, legacy, keep);
      if (h.isPresent()) {
        return h;
      }
    }
    Optional<Path> cached = cache.object(md5, false);
    return cached.isPresent() ? take(cached.get(), md5, legacy, keep) : Optional.empty();
  }

  private Optional<Hashed> take(Path src, String md5, boolean legacy, boolean keep) {
    try {
      if (!keep) {
        Digests d = new Digests(legacy, true);
        read(src, d);
        return d.matches(md5) ? Optional.of(new Hashed(d.sha256(), d.size())) : Optional.empty();
      }
      Digests d = new Digests(legacy, false);
      // One read: the MD5s are taken on the way into the store, which takes the SHA-256.
      ObjectStore.Inserted ins = store.insert(out -> {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(src)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            d.update(buf, 0, n);
            out.write(buf, 0, n);
          }
        }
      });
      if (d.matches(md5)) {
        return Optional.of(new Hashed(ins.hash(), ins.size()));
      }
      if (ins.written()) {
        // Bytes DVC never recorded here: nothing refers to the object this call made.
        store.delete(ins.hash());
      }
      return Optional.empty();
    } catch (IOException e) {
      throw StorageException.of("read", src, e);
    }
  }

  private static void read(Path src, Digests d) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(src)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
  }

  /**
   * The listing DVC cached for a directory ({@code [{"md5": …, "relpath": …}, …]}), checked
   * against its MD5 and every path checked; empty when DVC's cache lacks it.
   *
   * @param source the DVC file that names the directory, for errors
   */
  Optional<List<DvcOut.Entry>> listing(String md5, String source) {
    Optional<Path> p = cache.object(md5, true);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    String shown = source + " (listing " + md5 + ".dir)";
    try {
      byte[] bytes = Files.readAllBytes(p.get());
      Digests d = new Digests(false, false);
      d.update(bytes, 0, bytes.length);
      if (!d.matches(md5)) {
        throw new BadInputException(shown + ": DVC's cached listing is damaged (its bytes do not have MD5 " + md5 + ")",
            "restore it with 'dvc fetch' or 'dvc pull', then run import-dvc again");
      }
      JsonNode doc = JSON.readTree(bytes);
      if (doc == null || !doc.isArray()) {
        throw new BadInputException(shown + ": a directory listing is a JSON array", null);
      }
      List<DvcOut.Entry> out = new ArrayList<>();
      for (JsonNode e : doc) {
        String rel = e.path("relpath").asText(null);
        String fileMd5 = e.path("md5").asText(null);
        String problem = PathSafety.problem(rel);
        if (problem != null) {
          throw new BadInputException(shown + ": " + problem, "import-dvc only writes inside the work tree");
        }
        if (!DvcCache.isMd5(fileMd5)) {
          throw new BadInputException(shown + ": entry '" + rel + "' lacks an md5", null);
        }
        out.add(new DvcOut.Entry(rel, fileMd5));
      }
      return Optional.of(out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInputException(shown + ": malformed JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw StorageException.of("read", p.get(), e);
    }
  }
}
