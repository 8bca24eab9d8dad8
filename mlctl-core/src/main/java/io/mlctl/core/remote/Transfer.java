package io.mlctl.core.remote;

import io.mlctl.core.util.ByteMeter;
import io.mlctl.core.BadInputException;
import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Tracked;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.store.Copier;
import io.mlctl.core.util.Parallel;
import io.mlctl.core.util.Progress;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves objects between the cache and a remote: only the missing ones, {@code jobs} at a time.
 * Every fetched object is hashed as it arrives and renamed into the cache only when its bytes
 * hash to its name: damaged or truncated bytes never reach the cache or the work tree. A
 * directory's manifest is pushed after its files, so a remote never lists files it lacks.
 */
public final class Transfer {
  private final Workspace ws;
  private final RemoteStore remote;
  private final int jobs;
  private Progress progress = Progress.NONE;

  public Transfer(Workspace ws, RemoteStore remote, int jobs) {
    this.ws = ws;
    this.remote = remote;
    this.jobs = Math.max(1, jobs);
  }

  public Transfer progress(Progress p) {
    this.progress = p;
    return this;
  }

  /**
   * What moved.
   *
   * @param transferred objects sent or received
   * @param bytes their size
   * @param skipped objects already where they were going
   * @param missing objects found nowhere: paths (or hashes) the user should know about
   * @param requests requests made to the remote
   * @param leftoversRemoved temporary files that earlier, killed pushes left on the remote and
   *     this push removed (see {@link RemoteLeftovers#PUSH_AGE})
   */
  public record Result(long transferred, long bytes, long skipped, List<String> missing, long requests,
      List<RemoteStore.Leftover> leftoversRemoved) {
    public Result(long transferred, long bytes, long skipped, List<String> missing, long requests) {
      this(transferred, bytes, skipped, missing, requests, List.of());
    }
  }

  /** An object and the path the user knows it by. */
  private record Obj(String hash, String path, long size, boolean manifest) {}

  /** Sends the objects of the targets (everything tracked when none) that the remote lacks. */
  public Result push(List<Workspace.Target> targets) {
    List<Obj> objs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Workspace.Target t : targets) {
      collect(t, objs, missing, null);
    }
    List<Obj> local = new ArrayList<>();
    for (Obj o : dedupe(objs)) {
      if (ws.store().contains(o.hash())) {
        local.add(o);
      } else {
        missing.add(o.path());
      }
    }
    Set<String> there = present(local);
    List<Obj> files = new ArrayList<>();
    List<Obj> manifests = new ArrayList<>();
    for (Obj o : local) {
      if (!there.contains(o.hash())) {
        (o.manifest() ? manifests : files).add(o);
      }
    }
    // A killed push of these objects left its temporary files where they go: the clean-up looks there only.
    List<RemoteStore.Leftover> cleaned = files.isEmpty() && manifests.isEmpty() ? List.of()
        : RemoteLeftovers.cleanBeforePush(remote,
            java.util.stream.Stream.concat(files.stream(), manifests.stream()).map(Obj::hash).toList(),
            ws.project().clock().instant());
    AtomicLong bytes = new AtomicLong();
    start("Pushing to " + remote.name(), files.size() + manifests.size(), files, manifests);
    for (List<Obj> batch : List.of(files, manifests)) {
      Parallel.map(batch, jobs, o -> {
        // A damaged cache object must not spread: every remote checks the bytes it sends.
        long size = Math.max(0, ws.store().size(o.hash()));
        try {
          ByteMeter.file(progress, size, () -> {
            remote.upload(o.hash(), ws.store().path(o.hash()), size);
            return null;
          });
        } catch (IOException e) {
          throw new RemoteException("cannot push '" + o.path() + "' to remote '" + remote.name() + "': "
              + io.mlctl.core.io.IoReasons.withFile(e), null, e);
        }
        bytes.addAndGet(size);
        return null;
      });
    }
    progress.done();
    return new Result(files.size() + manifests.size(), bytes.get(), local.size() - files.size() - manifests.size(),
        missing, remote.requests(), cleaned);
  }

  /** Receives the objects of the targets that the cache lacks, verifying each. */
  public Result fetch(List<Workspace.Target> targets) {
    List<Obj> objs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    // Manifests fetched first to learn a directory's files: received, not "already there".
    Map<String, Long> manifests = new LinkedHashMap<>();
    for (Workspace.Target t : targets) {
      collect(t, objs, missing, manifests);
    }
    List<Obj> need = new ArrayList<>();
    long skipped = 0;
    for (Obj o : dedupe(objs)) {
      if (manifests.containsKey(o.hash())) {
        continue;
      }
      if (ws.store().contains(o.hash())) {
        skipped++;
      } else {
        need.add(o);
      }
    }
    AtomicLong bytes = new AtomicLong(manifests.values().stream().mapToLong(Long::longValue).sum());
    start("Fetching from " + remote.name(), need.size(), need, List.of());
    List<Optional<String>> absent = Parallel.map(need, jobs, o -> {
      Optional<Long> got;
      try {
        got = ByteMeter.file(progress, Math.max(0, o.size()), () -> receive(o.hash(), true));
      } catch (IOException e) {
        // The remote's side or the cache's: a full disk says "no space" and names no file, so the
        // cache is named as where the bytes were going.
        throw new RemoteException("cannot fetch '" + o.path() + "' from remote '" + remote.name() + "' into "
            + ws.store().root().getParent() + ": " + io.mlctl.core.io.IoReasons.withFile(e), null, e);
      }
      got.ifPresent(bytes::addAndGet);
      return got.isPresent() ? Optional.empty() : Optional.of(o.path());
    });
    progress.done();
    long received = manifests.size();
    for (Optional<String> a : absent) {
      if (a.isPresent()) {
        missing.add(a.get());
      } else {
        received++;
      }
    }
    return new Result(received, bytes.get(), skipped, missing, remote.requests());
  }

  /** Fetches objects by hash (fsck --repair), replacing any damaged copy in the cache. */
  public Result fetchObjects(Collection<String> hashes) {
    List<String> missing = new ArrayList<>();
    long bytes = 0;
    for (String h : hashes) {
      Optional<Long> got;
      try {
        got = receive(h, false);
      } catch (IOException e) {
        throw new RemoteException("cannot fetch " + h + " from '" + remote.name() + "': " + io.mlctl.core.io.IoReasons.of(e), null, e);
      }
      if (got.isPresent()) {
        bytes += got.get();
      } else {
        missing.add(h);
      }
    }
    return new Result(hashes.size() - missing.size(), bytes, 0, missing, remote.requests());
  }

  /** What the remote lacks and what the cache lacks, by the paths users know. */
  public record Comparison(List<String> notInRemote, List<String> notInCache, long requests) {}

  /** Compares the cache with the remote for the targets, moving nothing. */
  public Comparison compare(List<Workspace.Target> targets) {
    List<Obj> objs = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Workspace.Target t : targets) {
      collect(t, objs, unknown, null);
    }
    List<Obj> all = dedupe(objs);
    Set<String> there = present(all);
    List<String> notInRemote = new ArrayList<>();
    List<String> notInCache = new ArrayList<>(unknown);
    for (Obj o : all) {
      boolean local = ws.store().contains(o.hash());
      if (local && !there.contains(o.hash())) {
        notInRemote.add(o.path());
      } else if (!local) {
        notInCache.add(o.path());
      }
    }
    notInRemote = notInRemote.stream().distinct().sorted(Manifest.PATH_ORDER).toList();
    notInCache = notInCache.stream().distinct().sorted(Manifest.PATH_ORDER).toList();
    return new Comparison(notInRemote, notInCache, remote.requests());
  }

  /**
   * Downloads one object into a temporary file, checks it, renames it into place.
   *
   * @param cold whether the object's bytes go past the page cache (see {@link RemoteStore#downloadCold}):
   *     true for the files a fetch brings, which a checkout links to, clones or copies once by the
   *     kernel; false for a manifest, read at once, and for objects fetched one by one
   */
  private Optional<Long> receive(String hash, boolean cold) throws IOException {
    Path tmp = ws.store().newTemp();
    try {
      String actual;
      try {
        actual = cold ? remote.downloadCold(hash, tmp) : remote.download(hash, tmp);
      } catch (NoSuchFileException absent) {
        return Optional.empty();
      }
      if (!actual.equals(hash)) {
        // Provably garbage under that name: removing it lets a push from an intact cache repair it.
        boolean removed;
        try {
          removed = remote.delete(hash);
        } catch (IOException | RuntimeException e) {
          removed = false;
        }
        throw new RemoteException("object " + hash + " on remote '" + remote.name() + "' is damaged (its bytes hash to "
            + actual + "); it was not stored" + (removed ? " and the damaged copy was removed from the remote" : ""),
            "push it again from a machine that has it intact");
      }
      long size = java.nio.file.Files.size(tmp);
      if (ws.store().contains(hash) && !ws.store().verify(hash)) {
        ws.store().delete(hash);
      }
      ws.store().moveIntoPlace(tmp, hash);
      return Optional.of(size);
    } finally {
      Copier.deleteQuietly(tmp);
    }
  }

  private Set<String> present(List<Obj> objs) {
    try {
      return remote.present(objs.stream().map(Obj::hash).toList());
    } catch (IOException e) {
      throw new RemoteException("remote '" + remote.name() + "' is unreachable: " + io.mlctl.core.io.IoReasons.of(e), null, e);
    }
  }

  /**
   * The objects behind a target: a file's, or a directory's manifest and the files it lists.
   *
   * @param fetched when not null, a manifest the cache lacks is fetched first and recorded here
   *     with its size
   */
  private void collect(Workspace.Target t, List<Obj> out, List<String> missing, Map<String, Long> fetched) {
    Tracked tr = t.tracked();
    if (!tr.output().dir()) {
      out.add(new Obj(tr.output().sha256(), tr.path(), tr.output().size(), false));
      return;
    }
    String mh = tr.output().sha256();
    if (fetched != null && !ws.store().contains(mh)) {
      try {
        Optional<Long> got = receive(mh, false);
        if (got.isEmpty()) {
          missing.add(tr.path());
          return;
        }
        fetched.put(mh, got.get());
      } catch (IOException e) {
        throw new RemoteException("cannot fetch the manifest of '" + tr.path() + "' from '" + remote.name() + "': "
            + io.mlctl.core.io.IoReasons.of(e), null, e);
      }
    }
    out.add(new Obj(mh, tr.path(), 0, true));
    Optional<Manifest> m = ws.manifest(mh, tr.path());
    if (m.isEmpty()) {
      return;
    }
    for (Manifest.Entry e : m.get().entries()) {
      if (t.whole() || e.path().equals(t.inside()) || e.path().startsWith(t.inside() + "/")) {
        out.add(new Obj(e.sha256(), tr.path() + "/" + e.path(), e.size(), false));
      }
    }
  }

  private static List<Obj> dedupe(List<Obj> objs) {
    Map<String, Obj> seen = new LinkedHashMap<>();
    for (Obj o : objs) {
      seen.merge(o.hash(), o, (a, b) -> a.manifest() ? a : b);
    }
    return new ArrayList<>(seen.values());
  }

  private void start(String label, long count, List<Obj> a, List<Obj> b) {
    long bytes = 0;
    for (Obj o : a) {
      bytes += o.size();
    }
    for (Obj o : b) {
      bytes += o.size();
    }
    progress.start(label, count, bytes);
  }

  /** Resolves targets, or every tracked and stage output when none are given. */
  public static List<Workspace.Target> targets(Workspace ws, Path cwd, List<String> names) {
    return targets(ws, cwd, names, false);
  }

  /**
   * Resolves targets, or every tracked output when none are given.
   *
   * @param noneTracked whether an untracked project is fine (the run cache has something to move)
   *     rather than a mistake
   */
  public static List<Workspace.Target> targets(Workspace ws, Path cwd, List<String> names, boolean noneTracked) {
    List<Workspace.Target> out = new ArrayList<>();
    if (names.isEmpty()) {
      for (Tracked t : ws.tracked()) {
        out.add(new Workspace.Target(t, null));
      }
      // Stage outputs that mlctl.lock records travel like tracked data (dvc.lock's outs do too).
      for (Tracked t : io.mlctl.core.pipeline.PipelineOutputs.of(ws)) {
        out.add(new Workspace.Target(t, null));
      }
      // Registered models travel with the data: their artifacts and cards are objects like any other.
      new io.mlctl.core.registry.ModelRegistry(ws.project()).objects().forEach((hash, label) -> out.add(
          new Workspace.Target(new Tracked(null, io.mlctl.core.pointer.Output.file(label, hash, 0), null, label), null)));
      if (out.isEmpty() && !noneTracked) {
        throw new BadInputException("nothing is tracked yet", "track data with 'mlctl add PATH'");
      }
      return out;
    }
    for (String n : names) {
      out.add(ws.resolve(cwd, n));
    }
    return out;
  }
}
