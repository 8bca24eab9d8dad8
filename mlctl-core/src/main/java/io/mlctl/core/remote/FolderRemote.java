package io.mlctl.core.remote;

import io.mlctl.core.store.Copier;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A remote in a local or mounted folder. Uploads are copied to a hidden temporary name beside
 * their place and renamed when whole. Thread-safe.
 */
final class FolderRemote implements RemoteStore {
  /** Above this many objects, one listing of the folder beats asking about each. */
  private static final int LIST_THRESHOLD = 512;

  private final String name;
  private final Path root;
  private final AtomicLong requests = new AtomicLong();

  FolderRemote(String name, Path root) {
    this.name = name;
    this.root = root;
  }

  @Override
  public String name() {
    return name;
  }

  Path path(String hash) {
    return root.resolve("sha256").resolve(hash.substring(0, 2)).resolve(hash.substring(2));
  }

  @Override
  public Set<String> present(Collection<String> hashes) throws IOException {
    Set<String> out = new HashSet<>();
    if (hashes.size() > LIST_THRESHOLD) {
      Set<String> all = listAll();
      for (String h : hashes) {
        if (all.contains(h)) {
          out.add(h);
        }
      }
      return out;
    }
    for (String h : hashes) {
      requests.incrementAndGet();
      if (Files.isRegularFile(path(h))) {
        out.add(h);
      }
    }
    return out;
  }

  private Set<String> listAll() throws IOException {
    Set<String> all = new HashSet<>();
    Path objects = root.resolve("sha256");
    if (!Files.isDirectory(objects)) {
      return all;
    }
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(objects)) {
      for (Path prefix : prefixes) {
        requests.incrementAndGet();
        String pre = prefix.getFileName().toString();
        if (pre.length() != 2 || !Files.isDirectory(prefix)) {
          continue;
        }
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(prefix)) {
          for (Path p : rest) {
            String n = p.getFileName().toString();
            if (!n.startsWith(".")) {
              all.add(pre + n);
            }
          }
        }
      }
    }
    return all;
  }

  @Override
  public void upload(String hash, Path source, long size) throws IOException {
    requests.incrementAndGet();
    Path dst = path(hash);
    Files.createDirectories(dst.getParent());
    Path tmp = dst.resolveSibling("." + dst.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      // One pass: the bytes are hashed as they are copied, and renamed into place only if intact.
      String actual = Copier.copyCold(source, tmp).hash();
      if (!actual.equals(hash)) {
        throw io.mlctl.core.CorruptObjectException.found(hash, "the cache (not pushed)");
      }
      Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public String download(String hash, Path target) throws IOException {
    requests.incrementAndGet();
    try {
      return Copier.copy(path(hash), target).hash();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(hash, null, "not on remote " + name);
    }
  }

  @Override
  public boolean delete(String hash) throws IOException {
    requests.incrementAndGet();
    return Files.deleteIfExists(path(hash));
  }

  private Path runPath(String key) {
    return root.resolve("runs").resolve(key.substring(0, 2)).resolve(key.substring(2));
  }

  @Override
  public Set<String> runKeys() throws IOException {
    Set<String> keys = new HashSet<>();
    Path runs = root.resolve("runs");
    requests.incrementAndGet();
    if (!Files.isDirectory(runs)) {
      return keys;
    }
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(runs)) {
      for (Path prefix : prefixes) {
        String pre = prefix.getFileName().toString();
        if (pre.length() != 2 || !Files.isDirectory(prefix)) {
          continue;
        }
        requests.incrementAndGet();
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(prefix)) {
          for (Path p : rest) {
            String key = pre + p.getFileName();
            if (io.mlctl.core.pipeline.RunCache.isKey(key)) {
              keys.add(key);
            }
          }
        }
      }
    }
    return keys;
  }

  @Override
  public void uploadRun(String key, byte[] bytes) throws IOException {
    requests.incrementAndGet();
    Path dst = runPath(key);
    Files.createDirectories(dst.getParent());
    // Hidden while written, renamed when whole: a fetch running meanwhile never reads half an entry.
    Path tmp = dst.resolveSibling("." + dst.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public byte[] downloadRun(String key, int limit) throws IOException {
    requests.incrementAndGet();
    try (java.io.InputStream in = Files.newInputStream(runPath(key))) {
      return in.readNBytes(limit + 1);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("runs/" + key, null, "not on remote " + name);
    }
  }

  @Override
  public int defaultJobs() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    // nothing held
  }
}
