package io.mlctl.core.data;

import io.mlctl.core.util.ByteMeter;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.state.DirSnapshots;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.state.HashCache;
import io.mlctl.core.state.StatFingerprint;
import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.util.Parallel;
import io.mlctl.core.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
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
    try (AddGit git = new AddGit(ws.root()); RepoLock lock = ws.project().lock()) {
      List<Path> targets = new ArrayList<>();
      List<String> unpointed = new ArrayList<>();
      for (String p : paths) {
        AddTarget t = AddTarget.check(ws, cwd, p);
        if (!targets.contains(t.path())) {
          targets.add(t.path());
          if (t.unpointed()) {
            unpointed.add(ws.rel(t.path()));
          }
        }
      }
      // Whether Git tracks a new target is asked on another thread (opening Git takes a while)
      // while the first file is hashed; no pointer is written before the answer is in.
      AddGit.Untracked untracked = git.checkUntracked(unpointed);
      MonitoredDirs monitor = MonitoredDirs.open(ws);
      List<Added> added = new ArrayList<>();
      Set<String> toStage = new LinkedHashSet<>();
      for (Path t : targets) {
        added.add(addOne(t, toStage, untracked, monitor));
      }
      monitor.save();
      ws.hashes().flush();
      boolean staged = false;
      if (ws.project().config().getBoolean(ConfigKey.CORE_AUTOSTAGE) && git.get().isPresent()) {
        git.get().get().stage(List.copyOf(toStage));
        staged = true;
      }
      return new Result(added, List.copyOf(toStage), staged);
    }
  }

  private Added addOne(Path data, Set<String> toStage, AddGit.Untracked untracked, MonitoredDirs monitor) {
    String rel = ws.rel(data);
    checkRecordable(data.getFileName().toString(), rel);
    Path pointer = data.resolveSibling(data.getFileName() + PointerFile.SUFFIX);
    Linker linker = new Linker(ws.store(), ws.project().config().getList(ConfigKey.CACHE_TYPE));
    long[] hashed = {0};
    Output out;
    if (Files.isDirectory(data)) {
      untracked.require();
      out = addDirectory(data, linker, hashed, monitor);
    } else {
      out = addFile(data, rel, linker, hashed, untracked);
    }
    boolean changed = writePointer(pointer, out);
    GitIgnore.ensure(data.getParent(), data.getFileName().toString());
    toStage.add(ws.rel(pointer));
    toStage.add(ws.rel(data.getParent().resolve(".gitignore")));
    return new Added(rel, ws.rel(pointer), out, changed, hashed[0]);
  }

  private Output addFile(Path file, String rel, Linker linker, long[] hashed, AddGit.Untracked untracked) {
    try {
      FileStat stat = FileStat.of(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class));
      if (linker.links()) {
        // Linking replaces the work-tree file with a link into the cache: ask before that.
        untracked.require();
      }
      progress.start("Adding " + rel, 1, stat.size());
      ObjectStore.Inserted stored = ByteMeter.file(progress, stat.size(), () -> store(file, rel, stat, linker, hashed));
      progress.done();
      try {
        untracked.require();
      } catch (BadInputException refused) {
        // Refused after all: take back the object this call put in the cache.
        if (stored.written()) {
          ws.store().delete(stored.hash());
        }
        throw refused;
      }
      return Output.file(file.getFileName().toString(), stored.hash(), stat.size());
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
  }

  private Output addDirectory(Path dir, Linker linker, long[] hashed, MonitoredDirs monitor) {
    String relDir = ws.rel(dir);
    Optional<Output> vouched = vouchedDirectory(dir, relDir, monitor);
    if (vouched.isPresent()) {
      return vouched.get();
    }
    Output out = walkDirectory(dir, relDir, linker, hashed);
    if (!linker.links()) {
      monitor.verified(relDir, out.sha256(), out.size(), out.nfiles());
    }
    return out;
  }

  /**
   * The directory's output without walking it: the monitor saw no event in it since it had
   * this content, and the cache, which has lost no file since, held every object of it then.
   */
  private Optional<Output> vouchedDirectory(Path dir, String relDir, MonitoredDirs monitor) {
    Optional<io.mlctl.core.state.MonitorVouches.Vouch> v = monitor.unchanged(relDir);
    // (MonitoredDirs vouches for nothing where files may be links: no need to ask the linker,
    // which would probe the file system for reflinks.)
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String hash = v.get().hash();
    if (ws.snapshots().completeWith(relDir, hash, ws.cacheStamp()) && ws.store().contains(hash)) {
      return Optional.of(Output.directory(dir.getFileName().toString(), hash, v.get().size(), v.get().files()));
    }
    return Optional.empty();
  }

  private Output walkDirectory(Path dir, String relDir, Linker linker, long[] hashed) {
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
    java.util.SortedMap<Integer, List<Integer>> byBucket = new java.util.TreeMap<>();
    for (int i = 0; i < found.size(); i++) {
      byBucket.computeIfAbsent(HashCache.bucketOf(relDir + "/" + found.get(i).path()), b -> new ArrayList<>()).add(i);
    }
    Manifest.Entry[] entries = new Manifest.Entry[found.size()];
    try (Parallel.Pool pool = Parallel.pool(ws.threads())) {
      for (java.util.Map.Entry<Integer, List<Integer>> bucket : byBucket.entrySet()) {
        pool.map(bucket.getValue(), i -> {
          Workspace.Found f = found.get(i);
          String hash = ByteMeter.file(progress, f.stat().size(),
              () -> store(f.file(), relDir + "/" + f.path(), f.stat(), linker, hashed)).hash();
          entries[i] = new Manifest.Entry(f.path(), hash, f.stat().size());
          return null;
        });
        ws.hashes().evict(bucket.getKey());
      }
    }
    progress.done();
    Manifest manifest = Manifest.of(java.util.Arrays.asList(entries));
    ObjectStore.Inserted m = ws.store().insert(manifest::writeTo);
    if (!linker.links()) {
      // Linking replaced the files the fingerprint describes: only copies keep their stat.
      // Every object is in the cache now; the stamp taken after is changed by any removal.
      ws.snapshots().record(relDir, fp, m.hash(),
          new DirSnapshots.CacheSeen(ws.cacheStamp(), manifest.totalSize(), entries.length));
    }
    return Output.directory(dir.getFileName().toString(), m.hash(), manifest.totalSize(), entries.length);
  }

  /**
   * The directory's output when its files have the same stat as when it was last hashed, and
   * its manifest and every object it lists are still in the cache: nothing is read or written.
   */
  private Optional<Output> unchangedDirectory(Path dir, String relDir, StatFingerprint fp) {
    String name = dir.getFileName().toString();
    // Taken before any object is looked for: a removal from now on changes it.
    StatFingerprint stamp = ws.cacheStamp();
    Optional<DirSnapshots.Complete> complete = ws.snapshots().lookupComplete(relDir, fp, stamp);
    if (complete.isPresent() && ws.store().contains(complete.get().hash())) {
      // Every object was in the cache when the snapshot was taken, and none has left it since.
      DirSnapshots.Complete c = complete.get();
      return Optional.of(Output.directory(name, c.hash(), c.size(), c.files()));
    }
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
    ws.snapshots().record(relDir, fp, seen.get(), new DirSnapshots.CacheSeen(stamp, m.totalSize(), m.entries().size()));
    return Optional.of(Output.directory(name, seen.get(), m.totalSize(), m.entries().size()));
  }

  /**
   * Refuses a name that a pointer or manifest could not hold (a backslash or a line break, say,
   * which Linux allows in names): every later command would reject what add wrote, and a line
   * break would split its .gitignore entry into two patterns.
   */
  private static void checkRecordable(String path, String shown) {
    String problem = PathSafety.problem(path);
    if (problem != null) {
      throw new BadInputException("cannot track '" + shown.replace("\n", "\\n").replace("\r", "\\r") + "': " + problem,
          "rename it: pointers and manifests hold '/'-separated paths without backslashes or line breaks");
    }
  }

  /** Puts one file's bytes in the cache unless the hash cache already vouches for them. */
  private ObjectStore.Inserted store(Path file, String rel, FileStat stat, Linker linker, long[] hashed) throws IOException {
    Optional<String> known = ws.hashes().lookup(rel, stat);
    if (known.isPresent() && ws.store().contains(known.get())) {
      return new ObjectStore.Inserted(known.get(), stat.size(), false);
    }
    if (linker.links()) {
      // Under hardlink or symlink the file itself moves into the cache: one read, no copy.
      ObjectStore.Inserted adopted = linker.adopt(file, stat);
      if (adopted != null) {
        synchronized (hashed) {
          hashed[0]++;
        }
        ws.hashes().record(rel, Linker.statOf(file), adopted.hash());
        return adopted;
      }
    }
    ObjectStore.Inserted ins = ws.store().insert(file, linker.cloner());
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
    return ins;
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
