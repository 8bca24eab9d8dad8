package io.mlctl.core.data;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.ProjectLayout;
import io.mlctl.core.state.DirSnapshots;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.state.HashCache;
import io.mlctl.core.state.StatFingerprint;
import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.util.Parallel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The work tree seen through its pointers: finds tracked outputs, resolves targets, and hashes
 * files and directories through the hash cache so unchanged files are never read. One per
 * command; not thread-safe except where a method says so.
 */
public final class Workspace {
  private final Project project;
  private final ProjectLayout layout;
  private final ObjectStore store;
  private final HashCache hashes;
  private final DirSnapshots snapshots;
  private final int threads;

  public Workspace(Project project) {
    this.project = project;
    this.layout = project.layout();
    this.store = new ObjectStore(layout.objects(), layout.tmp());
    this.hashes = new HashCache(layout.state(), project.clock());
    this.snapshots = new DirSnapshots(layout.state(), project.clock());
    this.threads = Parallel.defaultThreads();
  }

  public Project project() {
    return project;
  }

  public Path root() {
    return layout.root();
  }

  public ProjectLayout layout() {
    return layout;
  }

  public ObjectStore store() {
    return store;
  }

  public HashCache hashes() {
    return hashes;
  }

  public DirSnapshots snapshots() {
    return snapshots;
  }

  /** The fingerprint of a directory's files as {@link #scan} found them, folded on all cores. */
  public StatFingerprint fingerprint(List<Found> found) {
    int parts = fingerprintParts(threads, found.size());
    List<Integer> chunks = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      chunks.add(i);
    }
    StatFingerprint all = new StatFingerprint();
    for (StatFingerprint part : Parallel.map(chunks, parts, c -> {
      StatFingerprint fp = new StatFingerprint();
      for (int i = c; i < found.size(); i += parts) {
        fp.add(found.get(i).path(), found.get(i).stat());
      }
      return fp;
    })) {
      all.merge(part);
    }
    return all;
  }

  /**
   * Into how many parts {@link #fingerprint} splits {@code files} entries: one per 4096 (folding
   * fewer on a thread of their own costs more than it saves), at most one per thread, at least one.
   */
  static int fingerprintParts(int threads, int files) {
    return Math.max(1, Math.min(threads, files / 4096));
  }

  /**
   * The stat of the cache's object folders (the {@code sha256} folder and every {@code ab/}
   * in it) in one fingerprint. Removing an object, or a whole folder of them, changes its
   * folder's modification time and so the stamp: while the stamp stays the same, no object has
   * left the cache. Adding objects changes it too, which only costs the slower check once.
   */
  public StatFingerprint cacheStamp() {
    StatFingerprint fp = new StatFingerprint();
    Path objects = store.root();
    try {
      FileStat top = FileStat.of(Files.readAttributes(objects, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
      fp.add(".", 'd', 0, top.mtimeNanos(), top.inode().hashCode());
      try (java.nio.file.DirectoryStream<Path> prefixes = Files.newDirectoryStream(objects)) {
        for (Path prefix : prefixes) {
          BasicFileAttributes a = Files.readAttributes(prefix, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          FileStat st = FileStat.of(a);
          fp.add(prefix.getFileName().toString(), a.isDirectory() ? 'd' : 'o', 0, st.mtimeNanos(), st.inode().hashCode());
        }
      }
    } catch (NoSuchFileException e) {
      return new StatFingerprint().addUnreadable(".", 'd');
    } catch (IOException e) {
      throw StorageException.of("read", objects, e);
    }
    return fp;
  }

  public int threads() {
    return threads;
  }

  public String rel(Path abs) {
    return layout.show(abs);
  }

  /** A file's current hash: from the hash cache when its stat is unchanged, else read (thread-safe). */
  public String hashOf(Path file, String rel, FileStat stat) throws IOException {
    Optional<String> known = hashes.lookup(rel, stat);
    if (known.isPresent()) {
      return known.get();
    }
    String h = Sha256.of(file);
    hashes.record(rel, stat, h);
    return h;
  }

  /** One file of a directory as found on disk. */
  public record Found(String path, Path dir, FileStat stat) {
    /** The file itself; computed, so a million found files do not hold a million paths. */
    public Path file() {
      return path.isEmpty() ? dir : dir.resolve(path);
    }
  }

  /** Every regular file under {@code dir} (following no links out of the work tree), sorted. */
  public List<Found> scan(Path dir) {
    return scan(dir, temp -> { });
  }

  /**
   * Like {@link #scan(Path)}, handing temporary files and folders left by a killed mlctl to
   * {@code onTemp} (their contents are never walked): a writer holding the lock removes them.
   */
  public List<Found> scan(Path dir, java.util.function.Consumer<Path> onTemp) {
    Path realRoot = realRoot();
    List<Entry> top;
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        List<Found> found = new ArrayList<>();
        visit(dir, dir, "", Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), realRoot,
            onTemp, found);
        return found;
      }
      top = list(dir, "");
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw StorageException.of("read", dir, e);
    }
    // Sub-folders are walked on all cores: listing a large tree is mostly waiting on the kernel.
    top = withoutLeftovers(top, onTemp);
    List<Entry> subdirs = top.stream().filter(e -> e.attrs().isDirectory()).toList();
    List<List<Found>> parts = Parallel.map(subdirs, threads, sub -> {
      List<Found> local = new ArrayList<>();
      walkDirectory(dir, sub.path(), sub.rel(), realRoot, onTemp, local);
      return local;
    });
    List<Found> found = new ArrayList<>();
    int next = 0;
    for (Entry e : top) {
      if (e.attrs().isDirectory()) {
        found.addAll(parts.get(next++));
      } else {
        try {
          visit(dir, e.path(), e.rel(), e.attrs(), realRoot, onTemp, found);
        } catch (IOException ex) {
          throw StorageException.of("read", e.path(), ex);
        }
      }
    }
    return found;
  }

  /**
   * One entry of a folder, with its stat. A folder's sort key is its name and a '/': listing
   * each folder sorted by key and descending into folders where they fall yields paths in
   * {@link Manifest#PATH_ORDER} ("a-b" before "a/c", as that order wants), so no walk ever
   * sorts all its paths at once.
   */
  private record Entry(Path path, String rel, String key, BasicFileAttributes attrs) {}

  /**
   * Lists a folder sorted by key, stating each entry relative to the open folder (fstatat where
   * the file system offers a secure directory stream, as Linux's does) so the kernel does not
   * walk the whole path again for every file; paths are built by appending names.
   */
  private static List<Entry> list(Path dir, String rel) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      java.nio.file.SecureDirectoryStream<Path> secure =
          entries instanceof java.nio.file.SecureDirectoryStream<Path> s ? s : null;
      for (Path entry : entries) {
        Path name = entry.getFileName();
        BasicFileAttributes attrs = secure != null
            ? secure.getFileAttributeView(name, java.nio.file.attribute.BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes()
            : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String n = name.toString();
        out.add(new Entry(entry, rel.isEmpty() ? n : rel + "/" + n, attrs.isDirectory() ? n + "/" : n, attrs));
      }
    }
    out.sort((x, y) -> Manifest.PATH_ORDER.compare(x.key(), y.key()));
    return out;
  }

  /** Hands folders a killed checkout was filling to {@code onTemp}: never data. */
  private static List<Entry> withoutLeftovers(List<Entry> entries, java.util.function.Consumer<Path> onTemp) {
    List<Entry> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.attrs().isDirectory() && io.mlctl.core.io.AtomicFiles.isTemp(e.path().getFileName().toString())) {
        synchronized (onTemp) {
          onTemp.accept(e.path());
        }
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private void walkDirectory(Path base, Path dir, String rel, Path realRoot, java.util.function.Consumer<Path> onTemp,
      List<Found> found) throws IOException {
    for (Entry e : withoutLeftovers(list(dir, rel), onTemp)) {
      if (e.attrs().isDirectory()) {
        walkDirectory(base, e.path(), e.rel(), realRoot, onTemp, found);
      } else {
        visit(base, e.path(), e.rel(), e.attrs(), realRoot, onTemp, found);
      }
    }
  }

  /** One entry that is not a folder: a regular file is found, a link is checked and followed. */
  private void visit(Path base, Path file, String rel, BasicFileAttributes attrs, Path realRoot,
      java.util.function.Consumer<Path> onTemp, List<Found> found) throws IOException {
    BasicFileAttributes a = attrs;
    if (attrs.isSymbolicLink()) {
      Path real = file.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new BadInputException("'" + rel(file) + "' is a symlink that leaves the work tree",
            "mlctl only tracks data inside the work tree");
      }
      a = Files.readAttributes(file, BasicFileAttributes.class);
    }
    if (a.isRegularFile()) {
      if (io.mlctl.core.io.AtomicFiles.isTemp(file.getFileName().toString())) {
        synchronized (onTemp) {
          onTemp.accept(file);
        }
      } else {
        found.add(new Found(rel, base, FileStat.of(a)));
      }
    }
  }

  Path realRoot() {
    try {
      return root().toRealPath();
    } catch (IOException e) {
      throw StorageException.of("resolve", root(), e);
    }
  }

  /** Reads the manifest of a tracked directory from the cache, verified, or empty when absent. */
  public Optional<Manifest> manifest(String hash, String shownAs) {
    if (!store.contains(hash)) {
      return Optional.empty();
    }
    return Optional.of(Manifest.parse(readManifestBytes(hash), shownAs + " (manifest " + hash + ")"));
  }

  /**
   * A manifest object's bytes, verified: by the hash cache when the object file is unchanged since
   * it was last hashed (as for any work-tree file), else by hashing them, which a large
   * directory's manifest makes worth skipping on every status.
   */
  private byte[] readManifestBytes(String hash) {
    Path p = store.path(hash);
    String key = rel(p);
    try {
      FileStat stat = FileStat.of(p);
      byte[] bytes = Files.readAllBytes(p);
      if (hashes.lookup(key, stat).filter(hash::equals).isPresent()) {
        return bytes;
      }
      String actual = io.mlctl.core.store.Sha256.of(bytes);
      if (!actual.equals(hash)) {
        throw new io.mlctl.core.CorruptObjectException(hash, "the cache", actual);
      }
      hashes.record(key, stat, hash);
      return bytes;
    } catch (IOException e) {
      throw StorageException.of("read", p, e);
    }
  }

  /** Reads one pointer file and resolves its outputs, checking every path stays in the work tree. */
  public List<Tracked> readPointer(Path pointer) {
    String shownAs = rel(pointer);
    String text;
    try {
      text = Files.readString(pointer, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BadInputException(shownAs + ": no such pointer file", null);
    } catch (IOException e) {
      throw StorageException.of("read", pointer, e);
    }
    List<Tracked> out = new ArrayList<>();
    for (Output o : PointerFile.parse(text, shownAs)) {
      Path data = pointer.getParent().resolve(o.path()).normalize();
      PathSafety.checkInside(root(), data, shownAs);
      out.add(new Tracked(pointer, o, data, rel(data)));
    }
    return out;
  }

  /** Every pointer file in the work tree (not inside .git, .mlctl or tracked directories), sorted. */
  public List<Path> pointers() {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(root(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          if (!dir.equals(root()) && (name.equals(".git") || name.equals(ProjectLayout.DIR)
              || io.mlctl.core.io.AtomicFiles.isTemp(name))) {
            // (a temporary folder holds a killed checkout's data, whose files may end in .mlctl)
            return FileVisitResult.SKIP_SUBTREE;
          }
          // A tracked directory holds data, not pointers: do not walk its files.
          if (!dir.equals(root()) && Files.exists(dir.resolveSibling(name + PointerFile.SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String name = file.getFileName().toString();
          if (name.endsWith(PointerFile.SUFFIX) && name.length() > PointerFile.SUFFIX.length() && attrs.isRegularFile()) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw StorageException.of("walk", root(), e);
    }
    found.sort((a, b) -> Manifest.PATH_ORDER.compare(rel(a), rel(b)));
    return found;
  }

  /** Every tracked output in the work tree. */
  public List<Tracked> tracked() {
    List<Tracked> all = new ArrayList<>();
    for (Path p : pointers()) {
      all.addAll(readPointer(p));
    }
    return all;
  }

  /** A target the user named: a tracked output, optionally narrowed to a path inside a directory. */
  public record Target(Tracked tracked, String inside) {
    public boolean whole() {
      return inside == null;
    }
  }

  /**
   * Resolves a TARGET: a tracked path, its pointer file, or a path inside a tracked directory.
   *
   * @param cwd the directory relative targets are resolved against
   */
  public Target resolve(Path cwd, String target) {
    Path abs = cwd.resolve(target).toAbsolutePath().normalize();
    if (!abs.startsWith(root())) {
      throw new BadInputException("'" + target + "' is outside the work tree", null);
    }
    String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
    if (name.endsWith(PointerFile.SUFFIX) && Files.isRegularFile(abs)) {
      abs = abs.resolveSibling(name.substring(0, name.length() - PointerFile.SUFFIX.length()));
    }
    for (Path p = abs; p != null && p.startsWith(root()) && !p.equals(root()); p = p.getParent()) {
      Path pointer = p.resolveSibling(p.getFileName() + PointerFile.SUFFIX);
      if (Files.isRegularFile(pointer)) {
        for (Tracked t : readPointer(pointer)) {
          if (t.data().equals(p)) {
            if (p.equals(abs)) {
              return new Target(t, null);
            }
            if (!t.output().dir()) {
              break;
            }
            return new Target(t, p.relativize(abs).toString().replace(abs.getFileSystem().getSeparator(), "/"));
          }
        }
      }
    }
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      // Nothing to add either: say so, rather than suggest tracking a file that is not there.
      throw new BadInputException("'" + rel(abs) + "' is not tracked by mlctl, and no such file exists",
          "'mlctl ls' lists the tracked paths");
    }
    throw new BadInputException("'" + rel(abs) + "' is not tracked by mlctl", "track it with 'mlctl add " + target + "'");
  }
}
