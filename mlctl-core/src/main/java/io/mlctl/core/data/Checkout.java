package io.mlctl.core.data;

import io.mlctl.core.util.ByteMeter;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.util.Parallel;
import io.mlctl.core.util.Progress;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code mlctl checkout}: makes the work tree match the pointers. Every file is decided before any
 * is written. A file whose bytes the cache holds (as after {@code git checkout} of other pointers)
 * is replaced, and a file a directory no longer lists is removed: nothing is lost. A file changed
 * and saved nowhere is never overwritten or removed without {@code force}; when there is one,
 * nothing at all is written. Objects are verified as they leave the cache. Takes the write lock.
 *
 * <p>A whole tracked directory that is absent from the work tree is built in a temporary sibling
 * folder ({@code .NAME.mlctl-tmp-RANDOM}), each file written under its final name and verified,
 * and renamed into place in one step once every file is in it: a kill leaves no directory (and a
 * leftover folder that the next writer removes and no walk takes for data) or the whole one.
 * Anything already there is replaced file by file, through a temporary sibling of each.
 */
public final class Checkout {
  /** The longest a checkout waits for the directories it built to be safe to snapshot. */
  private static final long SNAPSHOT_WAIT_MILLIS = 60;

  private final Workspace ws;
  private boolean force;
  private Progress progress = Progress.NONE;

  public Checkout(Workspace ws) {
    this.ws = ws;
  }

  public Checkout force(boolean value) {
    this.force = value;
    return this;
  }

  public Checkout progress(Progress p) {
    this.progress = p;
    return this;
  }

  /**
   * The outcome.
   *
   * @param restored files written from the cache
   * @param unchanged files that already matched
   * @param removed files a tracked directory does not list, removed with force
   * @param conflicts modified files left alone (nothing was written when there are any)
   * @param missing files whose object is not in the cache (run pull)
   */
  public record Result(List<String> restored, long unchanged, List<String> removed, List<String> conflicts,
                       List<String> missing) {}

  private record Planned(int target, String shown, Path file, String hash, long size) {}

  /** A whole tracked directory absent from the work tree: built aside, renamed into place. */
  private record Fresh(int target, Tracked tracked, List<Manifest.Entry> entries) {}

  /** What writing one fresh directory gave: per manifest entry, its stat (null when the cache lacks it). */
  private record Built(Fresh fresh, List<FileStat> stats) {}

  /** Tracked directories whose manifest the cache lacks: reported as missing. */
  private final List<String> missingDirs = java.util.Collections.synchronizedList(new ArrayList<>());

  /** Files of directories whose snapshot says they are exactly as their manifest lists. */
  private long unchangedBySnapshot;

  /** Folders already checked to be inside the work tree, so each is resolved once. */
  private final Set<Path> checkedDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public Result call(Path cwd, List<String> targets) {
    try (RepoLock lock = ws.project().lock()) {
      List<Workspace.Target> resolved = new ArrayList<>();
      if (targets.isEmpty()) {
        for (Tracked t : ws.tracked()) {
          resolved.add(new Workspace.Target(t, null));
        }
        // And the stage outputs mlctl.lock records, as after a clone they are missing too.
        for (Tracked t : io.mlctl.core.pipeline.PipelineOutputs.of(ws)) {
          resolved.add(new Workspace.Target(t, null));
        }
      } else {
        for (String t : targets) {
          Workspace.Target target = ws.resolve(cwd, t);
          // A path and its pointer file (or the same path twice) name one target: written once.
          if (!resolved.contains(target)) {
            resolved.add(target);
          }
        }
      }
      List<Planned> plan = new ArrayList<>();
      List<Path> extra = new ArrayList<>();
      List<Fresh> fresh = new ArrayList<>();
      for (int i = 0; i < resolved.size(); i++) {
        plan(i, resolved.get(i), plan, extra, fresh);
      }
      List<FileState> states = Parallel.map(plan, ws.threads(), this::decide);
      List<Planned> toWrite = new ArrayList<>();
      List<String> conflicts = new ArrayList<>();
      List<String> missing = new ArrayList<>(missingDirs);
      long unchanged = unchangedBySnapshot;
      for (int i = 0; i < plan.size(); i++) {
        Planned p = plan.get(i);
        switch (states.get(i)) {
          case SAME -> unchanged++;
          case MODIFIED -> {
            if (force) {
              toWrite.add(p);
            } else {
              conflicts.add(p.shown());
            }
          }
          case SAVED, ABSENT -> toWrite.add(p);
        }
      }
      for (Planned p : toWrite) {
        if (!ws.store().contains(p.hash())) {
          missing.add(p.shown());
        }
      }
      if (!conflicts.isEmpty()) {
        for (Fresh f : fresh) {
          for (Manifest.Entry e : f.entries()) {
            if (!ws.store().contains(e.sha256())) {
              missing.add(f.tracked().path() + "/" + e.path());
            }
          }
        }
        return new Result(List.of(), unchanged, List.of(), conflicts, missing);
      }
      Set<String> absent = new HashSet<>(missing);
      toWrite.removeIf(p -> absent.contains(p.shown()));
      Linker linker = new Linker(ws.store(), ws.project().config().getList(ConfigKey.CACHE_TYPE));
      long files = toWrite.size();
      long bytes = 0;
      for (Planned p : toWrite) {
        bytes += p.size();
      }
      for (Fresh f : fresh) {
        files += f.entries().size();
        for (Manifest.Entry e : f.entries()) {
          bytes += e.size();
        }
      }
      progress.start("Checking out", files, bytes);
      // Fresh directories first: a file named inside one as a target of its own replaces the
      // directory's copy afterwards instead of making the directory exist before its rename.
      List<Built> built = new ArrayList<>();
      for (Fresh f : fresh) {
        built.add(build(f, linker));
      }
      List<FileStat> written = Parallel.map(toWrite, ws.threads(), p -> {
        checkParents(p.file());
        ByteMeter.file(progress, p.size(), () -> {
          linker.place(p.hash(), p.file());
          return null;
        });
        return Linker.statOf(p.file());
      });
      progress.done();
      // Recorded once all are written: most files are then older than the record by more than
      // the timestamp margin, so the next command trusts them instead of hashing them again.
      List<List<String>> restoredBy = new ArrayList<>();
      for (Workspace.Target ignored : resolved) {
        restoredBy.add(new ArrayList<>());
      }
      List<String> paths = new ArrayList<>();
      List<FileStat> stats = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < toWrite.size(); i++) {
        paths.add(toWrite.get(i).shown());
        stats.add(written.get(i));
        hashes.add(toWrite.get(i).hash());
        restoredBy.get(toWrite.get(i).target()).add(toWrite.get(i).shown());
      }
      for (Built b : built) {
        Tracked t = b.fresh().tracked();
        for (int i = 0; i < b.fresh().entries().size(); i++) {
          Manifest.Entry e = b.fresh().entries().get(i);
          String shown = t.path() + "/" + e.path();
          if (b.stats().get(i) == null) {
            missing.add(shown);
            continue;
          }
          paths.add(shown);
          stats.add(b.stats().get(i));
          hashes.add(e.sha256());
          restoredBy.get(b.fresh().target()).add(shown);
        }
      }
      recordAll(paths, stats, hashes);
      // Each path once, though two entries (a pointer and mlctl.lock, say) may name one file.
      Set<String> restored = new java.util.LinkedHashSet<>();
      for (List<String> r : restoredBy) {
        restored.addAll(r);
      }
      List<String> removed = new ArrayList<>();
      for (Path x : extra) {
        // A file where a folder had to be is one already (with force): it was removed for it.
        if (!Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS)) {
          deleteQuietly(x);
        }
        removed.add(ws.rel(x));
        ws.hashes().forget(ws.rel(x));
      }
      if (!extra.isEmpty()) {
        for (Workspace.Target t : resolved) {
          if (t.tracked().output().dir() && t.whole()) {
            pruneEmptyDirs(t.tracked().data());
          }
        }
      }
      ws.hashes().flush();
      if (!linker.links()) {
        for (Built b : built) {
          recordSnapshot(b);
        }
      }
      return new Result(List.copyOf(restored), unchanged, removed, List.of(), missing);
    }
  }

  /** Records hashes of files just written, on all cores, bucket by bucket of the hash cache. */
  private void recordAll(List<String> paths, List<FileStat> stats, List<String> hashes) {
    java.util.Map<Integer, List<Integer>> byBucket = new java.util.TreeMap<>();
    for (int i = 0; i < paths.size(); i++) {
      byBucket.computeIfAbsent(io.mlctl.core.state.HashCache.bucketOf(paths.get(i)), b -> new ArrayList<>()).add(i);
    }
    Parallel.map(new ArrayList<>(byBucket.values()), ws.threads(), bucket -> {
      for (int i : bucket) {
        ws.hashes().record(paths.get(i), stats.get(i), hashes.get(i));
      }
      return null;
    });
  }

  /**
   * Records the snapshot of a directory built whole, so the next {@code status} knows it clean
   * from its files' stat without the hash cache: only once its newest file is older than the
   * racily-clean margin (a short wait on a file system with fine timestamps; none when the
   * checkout took longer than that), and only when no file was missing from the cache.
   */
  private void recordSnapshot(Built b) {
    if (b.stats().contains(null)) {
      return;
    }
    io.mlctl.core.state.StatFingerprint fp = new io.mlctl.core.state.StatFingerprint();
    for (int i = 0; i < b.stats().size(); i++) {
      fp.add(b.fresh().entries().get(i).path(), b.stats().get(i));
    }
    java.time.Clock clock = ws.project().clock();
    long wait = snapshotWaitMillis(fp, clock.millis());
    if (wait < 0) {
      return;
    }
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!fp.settledBefore(clock.millis() * 1_000_000L)) {
      return;
    }
    ws.snapshots().record(b.fresh().tracked().path(), fp, b.fresh().tracked().output().sha256());
  }

  /**
   * How long to wait, at {@code nowMillis}, before files with fingerprint {@code fp} are settled
   * enough for their snapshot to be recorded: 0 when they already are, at most {@link
   * #SNAPSHOT_WAIT_MILLIS}, and -1 when they have whole-second timestamps and are not settled
   * (waiting seconds is not worth it: 'status' records the snapshot itself later).
   */
  static long snapshotWaitMillis(io.mlctl.core.state.StatFingerprint fp, long nowMillis) {
    long nowNanos = nowMillis * 1_000_000L;
    if (fp.settledBefore(nowNanos)) {
      return 0;
    }
    if (fp.coarse()) {
      return -1;
    }
    // Settled one millisecond after the newest file is older than the margin.
    long waitNanos = fp.newestMtimeNanos() + io.mlctl.core.state.StatFingerprint.racyMargin(false) - nowNanos + 1_000_000L;
    return Math.min(SNAPSHOT_WAIT_MILLIS, waitNanos / 1_000_000L);
  }

  /**
   * Builds an absent directory in a temporary sibling folder, folder by folder on all cores (two
   * threads creating files in one folder mostly wait on its lock), and renames it into place.
   * Files whose object the cache lacks are left out (reported missing). On any failure the
   * temporary folder is removed and the work tree is as it was.
   */
  private Built build(Fresh f, Linker linker) {
    Path target = f.tracked().data();
    Path stage = io.mlctl.core.io.AtomicFiles.tempSibling(target);
    boolean placed = false;
    try {
      checkParents(target);
      Files.createDirectory(stage);
      java.util.Map<String, List<Integer>> byFolder = new java.util.LinkedHashMap<>();
      List<Manifest.Entry> entries = f.entries();
      for (int i = 0; i < entries.size(); i++) {
        String p = entries.get(i).path();
        // A file at the top has no '/': its folder is "" (the directory itself).
        byFolder.computeIfAbsent(p.substring(0, Math.max(0, p.lastIndexOf('/'))), k -> new ArrayList<>()).add(i);
      }
      for (String folder : byFolder.keySet()) {
        if (!folder.isEmpty()) {
          Files.createDirectories(stage.resolve(folder));
        }
      }
      FileStat[] stats = new FileStat[entries.size()];
      Parallel.map(new ArrayList<>(byFolder.values()), ws.threads(), group -> {
        for (int i : group) {
          Manifest.Entry e = entries.get(i);
          Path file = stage.resolve(e.path());
          try {
            ByteMeter.file(progress, e.size(), () -> {
              linker.placeNew(e.sha256(), e.size(), file);
              return null;
            });
          } catch (NoSuchFileException absent) {
            if (ws.store().contains(e.sha256())) {
              throw absent;
            }
            continue;
          } catch (IOException failed) {
            // Named by where it was going, not by the temporary folder the user never sees.
            throw StorageException.of("check out", target.resolve(e.path()), failed);
          }
          stats[i] = Linker.statOf(file);
        }
        return null;
      });
      // One rename: the directory appears whole. Its files keep their stat, so the hash cache
      // and the snapshot describe them under their final names.
      Files.move(stage, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      placed = true;
      return new Built(f, java.util.Arrays.asList(stats));
    } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException appeared) {
      throw new StorageException("cannot check out '" + f.tracked().path() + "': it appeared in the work tree meanwhile",
          "run 'mlctl checkout' again", appeared);
    } catch (IOException e) {
      throw StorageException.of("check out", target, e);
    } finally {
      if (!placed) {
        try {
          io.mlctl.core.io.AtomicFiles.removeLeftover(stage);
        } catch (IOException ignored) {
          // the next writer removes what is left
        }
      }
    }
  }

  private void plan(int index, Workspace.Target target, List<Planned> plan, List<Path> extra, List<Fresh> fresh) {
    Tracked t = target.tracked();
    if (!t.output().dir()) {
      // We hold the lock: a temporary sibling is what a killed checkout left.
      io.mlctl.core.io.AtomicFiles.removeStaleTemps(t.data());
      plan.add(new Planned(index, t.path(), t.data(), t.output().sha256(), t.output().size()));
      return;
    }
    List<Workspace.Found> onDisk = List.of();
    if (target.whole()) {
      // A folder a killed checkout was building beside the directory.
      io.mlctl.core.io.AtomicFiles.removeStaleTemps(t.data());
      onDisk = ws.scan(t.data(), Checkout::removeLeftover);
      // Every file with the stat it had when the directory was last seen matching this very
      // manifest: nothing to write or remove, and neither the manifest nor the hash cache to read.
      if (!onDisk.isEmpty()) {
        Optional<String> seen = ws.snapshots().lookup(t.path(), ws.fingerprint(onDisk));
        if (seen.isPresent() && seen.get().equals(t.output().sha256()) && ws.store().contains(seen.get())) {
          unchangedBySnapshot += onDisk.size();
          return;
        }
      }
    }
    java.util.Optional<Manifest> found = ws.manifest(t.output().sha256(), ws.rel(t.pointer()));
    if (found.isEmpty()) {
      // Without its manifest the directory cannot be checked out; the rest still can.
      missingDirs.add(t.path());
      return;
    }
    Manifest manifest = found.get();
    String prefix = target.inside();
    if (prefix == null && !manifest.entries().isEmpty() && absent(t.data())
        && fresh.stream().noneMatch(f -> f.tracked().data().equals(t.data()))) {
      fresh.add(new Fresh(index, t, manifest.entries()));
      return;
    }
    Set<String> listed = new HashSet<>();
    for (Manifest.Entry e : manifest.entries()) {
      if (prefix == null || e.path().equals(prefix) || e.path().startsWith(prefix + "/")) {
        Path file = t.data().resolve(e.path());
        plan.add(new Planned(index, t.path() + "/" + e.path(), file, e.sha256(), e.size()));
        listed.add(e.path());
      }
    }
    if (prefix != null && listed.isEmpty()) {
      throw new BadInputException("'" + t.path() + "/" + prefix + "' is not in the tracked directory '" + t.path() + "'", null);
    }
    if (prefix == null) {
      for (Workspace.Found f : onDisk) {
        if (!listed.contains(f.path()) && (force || inCache(t.path() + "/" + f.path(), f))) {
          extra.add(f.file());
        }
      }
    }
  }

  /** Whether a file's current bytes are in the cache, so removing it loses nothing. */
  private boolean inCache(String shown, Workspace.Found f) {
    try {
      return ws.store().contains(ws.hashOf(f.file(), shown, f.stat()));
    } catch (IOException e) {
      throw StorageException.of("read", f.file(), e);
    }
  }

  /** Whether nothing at all (not even a dangling link) is at {@code p}. */
  private static boolean absent(Path p) {
    try {
      Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return false;
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      throw StorageException.of("read", p, e);
    }
  }

  /** What a planned file is now, against the object it should be. */
  private enum FileState {
    /** It is that object already. */
    SAME,
    /** Other bytes, which the cache holds: replacing them loses nothing. */
    SAVED,
    /** Other bytes saved nowhere (or a folder, or a dangling link): replaced only with force. */
    MODIFIED,
    /** Nothing is there. */
    ABSENT
  }

  private FileState decide(Planned p) throws IOException {
    java.nio.file.attribute.BasicFileAttributes own;
    try {
      // One lstat answers for all but links; a link is judged by what it points to.
      own = Files.readAttributes(p.file(), java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return FileState.ABSENT;
    }
    if (own.isDirectory()) {
      return FileState.MODIFIED;
    }
    try {
      FileStat stat = FileStat.of(own.isSymbolicLink()
          ? Files.readAttributes(p.file(), java.nio.file.attribute.BasicFileAttributes.class) : own);
      String have = ws.hashOf(p.file(), p.shown(), stat);
      if (have.equals(p.hash())) {
        return FileState.SAME;
      }
      // Content the cache holds is not lost by overwriting it: that is the state after a
      // 'git checkout' of other pointers. Only changes saved nowhere need --force.
      return ws.store().contains(have) ? FileState.SAVED : FileState.MODIFIED;
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(p.file())) {
        return FileState.MODIFIED;
      }
      return FileState.ABSENT;
    }
  }

  /** A file's folder may not be a file, nor a link out of the work tree. */
  private void checkParents(Path file) throws IOException {
    Path parent = file.getParent();
    if (checkedDirs.contains(parent)) {
      return;
    }
    // The folder, not the file: a link where the file goes is replaced by the rename, not followed.
    io.mlctl.core.pointer.PathSafety.checkInside(ws.root(), parent, ws.rel(file));
    if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent)) {
      if (!force) {
        throw new BadInputException("'" + ws.rel(parent) + "' is a file where a folder should be", "use --force");
      }
      Files.delete(parent);
    }
    Files.createDirectories(parent);
    checkedDirs.add(parent);
  }

  private static void pruneEmptyDirs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
      for (Path d : dirs) {
        if (d.equals(dir)) {
          continue;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
          if (!s.iterator().hasNext()) {
            Files.delete(d);
          }
        }
      }
    } catch (IOException e) {
      throw StorageException.of("tidy", dir, e);
    }
  }

  private static void removeLeftover(Path p) {
    try {
      io.mlctl.core.io.AtomicFiles.removeLeftover(p);
    } catch (IOException e) {
      throw StorageException.of("remove", p, e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw StorageException.of("remove", p, e);
    }
  }
}
