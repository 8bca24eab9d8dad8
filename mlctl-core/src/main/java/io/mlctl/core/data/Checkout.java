package io.mlctl.core.data;

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
 */
public final class Checkout {
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

  private record Planned(String shown, Path file, String hash, long size) {}

  /** Tracked directories whose manifest the cache lacks: reported as missing. */
  private final List<String> missingDirs = java.util.Collections.synchronizedList(new ArrayList<>());

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
          resolved.add(ws.resolve(cwd, t));
        }
      }
      List<Planned> plan = new ArrayList<>();
      List<Path> extra = new ArrayList<>();
      for (Workspace.Target t : resolved) {
        plan(t, plan, extra);
      }
      List<Optional<String>> states = Parallel.map(plan, ws.threads(), this::decide);
      List<Planned> toWrite = new ArrayList<>();
      List<String> conflicts = new ArrayList<>();
      List<String> missing = new ArrayList<>(missingDirs);
      long unchanged = 0;
      for (int i = 0; i < plan.size(); i++) {
        Planned p = plan.get(i);
        String s = states.get(i).orElse("same");
        switch (s) {
          case "same" -> unchanged++;
          case "modified" -> {
            if (force) {
              toWrite.add(p);
            } else {
              conflicts.add(p.shown());
            }
          }
          default -> toWrite.add(p);
        }
      }
      for (Planned p : toWrite) {
        if (!ws.store().contains(p.hash())) {
          missing.add(p.shown());
        }
      }
      if (!conflicts.isEmpty()) {
        return new Result(List.of(), unchanged, List.of(), conflicts, missing);
      }
      Set<String> absent = new HashSet<>(missing);
      toWrite.removeIf(p -> absent.contains(p.shown()));
      Linker linker = new Linker(ws.store(), ws.project().config().getList(ConfigKey.CACHE_TYPE));
      long bytes = 0;
      for (Planned p : toWrite) {
        bytes += p.size();
      }
      progress.start("Checking out", toWrite.size(), bytes);
      List<FileStat> written = Parallel.map(toWrite, ws.threads(), p -> {
        checkParents(p.file());
        linker.place(p.hash(), p.file());
        progress.advance(1, p.size());
        return Linker.statOf(p.file());
      });
      progress.done();
      // Recorded once all are written: most files are then older than the record by more than
      // the timestamp margin, so the next command trusts them instead of hashing them again.
      List<String> restored = new ArrayList<>();
      for (int i = 0; i < toWrite.size(); i++) {
        ws.hashes().record(toWrite.get(i).shown(), written.get(i), toWrite.get(i).hash());
        restored.add(toWrite.get(i).shown());
      }
      List<String> removed = new ArrayList<>();
      for (Path x : extra) {
        deleteQuietly(x);
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
      return new Result(restored, unchanged, removed, List.of(), missing);
    }
  }

  private void plan(Workspace.Target target, List<Planned> plan, List<Path> extra) {
    Tracked t = target.tracked();
    if (!t.output().dir()) {
      // We hold the lock: a temporary sibling is what a killed checkout left.
      io.mlctl.core.io.AtomicFiles.removeStaleTemps(t.data());
      plan.add(new Planned(t.path(), t.data(), t.output().sha256(), t.output().size()));
      return;
    }
    java.util.Optional<Manifest> found = ws.manifest(t.output().sha256(), ws.rel(t.pointer()));
    if (found.isEmpty()) {
      // Without its manifest the directory cannot be checked out; the rest still can.
      missingDirs.add(t.path());
      return;
    }
    Manifest manifest = found.get();
    String prefix = target.inside();
    Set<String> listed = new HashSet<>();
    for (Manifest.Entry e : manifest.entries()) {
      if (prefix == null || e.path().equals(prefix) || e.path().startsWith(prefix + "/")) {
        Path file = t.data().resolve(e.path());
        plan.add(new Planned(t.path() + "/" + e.path(), file, e.sha256(), e.size()));
        listed.add(e.path());
      }
    }
    if (prefix != null && listed.isEmpty()) {
      throw new BadInputException("'" + t.path() + "/" + prefix + "' is not in the tracked directory '" + t.path() + "'", null);
    }
    if (prefix == null) {
      for (Workspace.Found f : ws.scan(t.data(), Checkout::deleteQuietly)) {
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

  /** "same", "saved" (differs, but the cache holds it), "modified" or "absent" for one planned file. */
  private Optional<String> decide(Planned p) throws IOException {
    try {
      if (Files.isDirectory(p.file(), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of("modified");
      }
      FileStat stat = FileStat.of(Files.readAttributes(p.file(), java.nio.file.attribute.BasicFileAttributes.class));
      String have = ws.hashOf(p.file(), p.shown(), stat);
      if (have.equals(p.hash())) {
        return Optional.of("same");
      }
      // Content the cache holds is not lost by overwriting it: that is the state after a
      // 'git checkout' of other pointers. Only changes saved nowhere need --force.
      return Optional.of(ws.store().contains(have) ? "saved" : "modified");
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(p.file())) {
        return Optional.of("modified");
      }
      return Optional.of("absent");
    }
  }

  /** A file's folder may not be a file, nor a link out of the work tree. */
  private void checkParents(Path file) throws IOException {
    Path parent = file.getParent();
    if (checkedDirs.contains(parent)) {
      return;
    }
    io.mlctl.core.pointer.PathSafety.checkInside(ws.root(), file, ws.rel(file));
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

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw StorageException.of("remove", p, e);
    }
  }
}
