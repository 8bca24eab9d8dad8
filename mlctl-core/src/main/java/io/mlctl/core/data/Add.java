package io.mlctl.core.data;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.ProjectLayout;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.state.HashCache;
import io.mlctl.core.state.StatFingerprint;
import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.util.Parallel;
import io.mlctl.core.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mlctl add}: stores files and directories in the cache and writes their pointers and
 * .gitignore entries. Unchanged files (same path, size, mtime and inode as when last hashed) are
 * not read again, so re-adding a directory costs only what changed. Takes the write lock.
 */
public final class Add {
  private final Workspace ws;
  private Progress progress = Progress.NONE;

  public Add(Workspace ws) {
    this.ws = ws;
  }

  public Add progress(Progress p) {
    this.progress = p;
    return this;
  }

  /**
   * One output added.
   *
   * @param changed whether its pointer changed (false: it was already tracked as it is)
   * @param hashed how many files had to be read (the rest came from the hash cache)
   */
  public record Added(String path, String pointer, Output output, boolean changed, long hashed) {}

  /**
   * The outcome.
   *
   * @param toStage the files Git should track (pointers and .gitignore files)
   * @param staged whether mlctl staged them itself ({@code core.autostage})
   */
  public record Result(List<Added> added, List<String> toStage, boolean staged) {}

  public Result call(Path cwd, List<String> paths) {
    if (paths.isEmpty()) {
      throw new BadInputException("nothing to add", "name one or more files or directories");
    }
    try (LazyGit git = new LazyGit(ws.root()); RepoLock lock = ws.project().lock()) {
      List<Path> targets = new ArrayList<>();
      for (String p : paths) {
        Path t = checkTarget(cwd, p, git);
        if (!targets.contains(t)) {
          targets.add(t);
        }
      }
      List<Added> added = new ArrayList<>();
      Set<String> toStage = new LinkedHashSet<>();
      for (Path t : targets) {
        added.add(addOne(t, toStage));
      }
      ws.hashes().flush();
      boolean staged = false;
      if (ws.project().config().getBoolean(ConfigKey.CORE_AUTOSTAGE) && git.get().isPresent()) {
        git.get().get().stage(List.copyOf(toStage));
        staged = true;
      }
      return new Result(added, List.copyOf(toStage), staged);
    }
  }

  /** Git, opened the first time it is needed: re-adding what mlctl already tracks needs none. */
  private static final class LazyGit implements AutoCloseable {
    private final Path root;
    private Optional<GitRepo> repo;

    LazyGit(Path root) {
      this.root = root;
    }

    Optional<GitRepo> get() {
      if (repo == null) {
        repo = GitRepo.open(root);
      }
      return repo;
    }

    @Override
    public void close() {
      if (repo != null) {
        repo.ifPresent(GitRepo::close);
      }
    }
  }

  /** Checks one argument and returns the data path to add (a tracked directory for a file in it). */
  private Path checkTarget(Path cwd, String arg, LazyGit git) {
    Path root = ws.root();
    Path abs = cwd.resolve(arg).toAbsolutePath().normalize();
    if (!abs.startsWith(root)) {
      throw new BadInputException("'" + arg + "' is outside the work tree " + root, "mlctl tracks data inside the project only");
    }
    if (abs.equals(root)) {
      throw new BadInputException("cannot add the project root itself", "add the data folders inside it");
    }
    String rel = ws.rel(abs);
    for (String part : rel.split("/")) {
      if (part.equals(".git") || part.equals(ProjectLayout.DIR)) {
        throw new BadInputException("'" + rel + "' is inside " + part + ", which mlctl never tracks",
            "add data files or folders of the work tree");
      }
    }
    String name = abs.getFileName().toString();
    if (name.endsWith(PointerFile.SUFFIX) && Files.isRegularFile(abs)) {
      abs = abs.resolveSibling(name.substring(0, name.length() - PointerFile.SUFFIX.length()));
      rel = ws.rel(abs);
    }
    PathSafety.checkInside(root, abs, "'" + arg + "'");
    for (Path p = abs.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
      Path pointer = p.resolveSibling(p.getFileName() + PointerFile.SUFFIX);
      if (Files.isRegularFile(pointer)) {
        // A file inside a tracked directory: the directory is re-added; unchanged files are not read.
        return p;
      }
    }
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException("'" + rel + "' does not exist", null);
    }
    // Data that already has its pointer passed this check when it was first added.
    boolean pointed = Files.isRegularFile(abs.resolveSibling(abs.getFileName() + PointerFile.SUFFIX));
    if (!pointed && git.get().isPresent() && git.get().get().isTracked(rel)) {
      throw new BadInputException("'" + rel + "' is tracked by Git",
          "stop tracking it in Git first: git rm -r --cached '" + rel + "'");
    }
    return abs;
  }

  private Added addOne(Path data, Set<String> toStage) {
    String rel = ws.rel(data);
    checkRecordable(data.getFileName().toString(), rel);
    Path pointer = data.resolveSibling(data.getFileName() + PointerFile.SUFFIX);
    Linker linker = new Linker(ws.store(), ws.project().config().getList(ConfigKey.CACHE_TYPE));
    long[] hashed = {0};
    Output out;
    if (Files.isDirectory(data)) {
      out = addDirectory(data, linker, hashed);
    } else {
      out = addFile(data, rel, linker, hashed);
    }
    boolean changed = writePointer(pointer, out);
    GitIgnore.ensure(data.getParent(), data.getFileName().toString());
    toStage.add(ws.rel(pointer));
    toStage.add(ws.rel(data.getParent().resolve(".gitignore")));
    return new Added(rel, ws.rel(pointer), out, changed, hashed[0]);
  }

  private Output addFile(Path file, String rel, Linker linker, long[] hashed) {
    try {
      FileStat stat = FileStat.of(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class));
      progress.start("Adding " + rel, 1, stat.size());
      String hash = store(file, rel, stat, linker, hashed);
      progress.advance(1, stat.size());
      progress.done();
      return Output.file(file.getFileName().toString(), hash, stat.size());
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
  }

  private Output addDirectory(Path dir, Linker linker, long[] hashed) {
    String relDir = ws.rel(dir);
    // We hold the lock: temporary files here are a killed writer's leftovers.
    List<Workspace.Found> found = ws.scan(dir, temp -> {
      try {
        AtomicFiles.removeLeftover(temp);
      } catch (IOException e) {
        throw StorageException.of("remove", temp, e);
      }
    });
    for (Workspace.Found f : found) {
      checkRecordable(f.path(), relDir + "/" + f.path());
    }
    long bytes = 0;
    for (Workspace.Found f : found) {
      bytes += f.stat().size();
    }
    StatFingerprint fp = ws.fingerprint(found);
    Optional<Output> unchanged = unchangedDirectory(dir, relDir, fp);
    if (unchanged.isPresent()) {
      return unchanged.get();
    }
    progress.start("Adding " + relDir, found.size(), bytes);
    // Bucket by bucket of the hash cache, so only one bucket's entries are ever in memory.
    List<List<Integer>> byBucket = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      byBucket.add(new ArrayList<>());
    }
    for (int i = 0; i < found.size(); i++) {
      byBucket.get(HashCache.bucketOf(relDir + "/" + found.get(i).path())).add(i);
    }
    Manifest.Entry[] entries = new Manifest.Entry[found.size()];
    for (int b = 0; b < byBucket.size(); b++) {
      Parallel.map(byBucket.get(b), ws.threads(), i -> {
        Workspace.Found f = found.get(i);
        String hash = store(f.file(), relDir + "/" + f.path(), f.stat(), linker, hashed);
        progress.advance(1, f.stat().size());
        entries[i] = new Manifest.Entry(f.path(), hash, f.stat().size());
        return null;
      });
      ws.hashes().evict(b);
    }
    progress.done();
    Manifest manifest = Manifest.of(java.util.Arrays.asList(entries));
    ObjectStore.Inserted m = ws.store().insert(manifest::writeTo);
    if (!linker.links()) {
      // Linking replaced the files the fingerprint describes: only copies keep their stat.
      ws.snapshots().record(relDir, fp, m.hash());
    }
    return Output.directory(dir.getFileName().toString(), m.hash(), manifest.totalSize(), entries.length);
  }

  /**
   * The directory's output when its files have the same stat as when it was last hashed, and
   * its manifest and every object it lists are still in the cache: nothing is read or written.
   */
  private Optional<Output> unchangedDirectory(Path dir, String relDir, StatFingerprint fp) {
    Optional<String> seen = ws.snapshots().lookup(relDir, fp);
    if (seen.isEmpty()) {
      return Optional.empty();
    }
    Optional<Manifest> manifest = ws.manifest(seen.get(), relDir);
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    List<Boolean> present = Parallel.map(manifest.get().entries(), ws.threads(), e -> ws.store().contains(e.sha256()));
    if (present.contains(false)) {
      return Optional.empty();
    }
    Manifest m = manifest.get();
    return Optional.of(Output.directory(dir.getFileName().toString(), seen.get(), m.totalSize(), m.entries().size()));
  }

  /**
   * Refuses a name that a pointer or manifest could not hold (a backslash, say, which Linux allows
   * in names): every later command would reject what add wrote.
   */
  private static void checkRecordable(String path, String shown) {
    String problem = PathSafety.problem(path);
    if (problem != null) {
      throw new BadInputException("cannot track '" + shown + "': " + problem,
          "rename it: pointers and manifests hold '/'-separated paths without backslashes");
    }
  }

  /** Puts one file's bytes in the cache unless the hash cache already vouches for them. */
  private String store(Path file, String rel, FileStat stat, Linker linker, long[] hashed) throws IOException {
    Optional<String> known = ws.hashes().lookup(rel, stat);
    if (known.isPresent() && ws.store().contains(known.get())) {
      return known.get();
    }
    ObjectStore.Inserted ins = ws.store().insert(file);
    synchronized (hashed) {
      hashed[0]++;
    }
    if (linker.links()) {
      linker.place(ins.hash(), file);
      ws.hashes().record(rel, Linker.statOf(file), ins.hash());
    } else if (FileStat.of(file).equals(stat)) {
      // Only a file that did not change while it was read may vouch for its hash later.
      ws.hashes().record(rel, stat, ins.hash());
    }
    return ins.hash();
  }

  /** Writes the pointer, keeping its other outputs; true when its content changed. */
  private boolean writePointer(Path pointer, Output out) {
    List<Output> outs = new ArrayList<>();
    String before = null;
    if (Files.isRegularFile(pointer)) {
      try {
        before = Files.readString(pointer);
      } catch (IOException e) {
        throw StorageException.of("read", pointer, e);
      }
      for (Tracked t : ws.readPointer(pointer)) {
        if (!t.output().path().equals(out.path())) {
          outs.add(t.output());
        }
      }
    }
    outs.add(out);
    outs.sort((a, b) -> Manifest.PATH_ORDER.compare(a.path(), b.path()));
    String text = PointerFile.text(outs);
    if (text.equals(before)) {
      return false;
    }
    AtomicFiles.writeString(pointer, text);
    return true;
  }
}
