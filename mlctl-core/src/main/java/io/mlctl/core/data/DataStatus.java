package io.mlctl.core.data;

import io.mlctl.core.StorageException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.state.StatFingerprint;
import io.mlctl.core.status.StatusResult.ChangedPath;
import io.mlctl.core.status.StatusResult.State;
import io.mlctl.core.util.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares tracked outputs with the work tree, file by file inside directories. Reads only files
 * whose stat changed since they were last hashed. Takes no lock: it writes nothing but the hash
 * cache, whose buckets are replaced atomically (a lost update costs a re-hash, nothing more).
 */
public final class DataStatus {
  private final Workspace ws;

  public DataStatus(Workspace ws) {
    this.ws = ws;
  }

  /** The differences for the whole work tree. */
  public List<ChangedPath> all() {
    List<ChangedPath> out = new ArrayList<>();
    List<Tracked> tracked = ws.tracked();
    MonitoredDirs monitor = MonitoredDirs.open(ws);
    for (Tracked t : tracked) {
      out.addAll(of(new Workspace.Target(t, null), monitor));
    }
    monitor.save();
    ws.hashes().flush();
    return out;
  }

  /** The differences for the given targets. */
  public List<ChangedPath> of(List<Workspace.Target> targets) {
    List<ChangedPath> out = new ArrayList<>();
    for (Workspace.Target t : targets) {
      out.addAll(of(t));
    }
    ws.hashes().flush();
    return out;
  }

  List<ChangedPath> of(Workspace.Target target) {
    return of(target, null);
  }

  private List<ChangedPath> of(Workspace.Target target, MonitoredDirs monitor) {
    Tracked t = target.tracked();
    if (!t.output().dir()) {
      Optional<ChangedPath> c = file(t.path(), t.output().sha256(), t.output().size(), t.data(), null);
      if (c.isEmpty() && !ws.store().contains(t.output().sha256())) {
        c = Optional.of(new ChangedPath(t.path(), State.NOT_IN_CACHE));
      }
      return c.map(List::of).orElse(List.of());
    }
    String prefix = target.inside();
    if (prefix == null && monitor != null) {
      // Nothing happened in the directory since it last had this content: no walk at all.
      Optional<io.mlctl.core.state.MonitorVouches.Vouch> v = monitor.unchanged(t.path());
      if (v.isPresent() && v.get().hash().equals(t.output().sha256()) && ws.store().contains(v.get().hash())) {
        return List.of();
      }
    }
    // Scanning the directory itself, every path is already relative to it.
    List<Workspace.Found> found = prefix == null ? ws.scan(t.data()) : List.of();
    StatFingerprint fp = null;
    if (prefix == null) {
      // The same files with the same stat as when the directory was last seen clean: clean,
      // without loading the hash cache's buckets or parsing the manifest.
      fp = ws.fingerprint(found);
      Optional<String> seen = ws.snapshots().lookup(t.path(), fp);
      if (seen.isPresent() && seen.get().equals(t.output().sha256()) && ws.store().contains(seen.get())) {
        if (monitor != null) {
          monitor.verified(t.path(), t.output().sha256(), t.output().size(), t.output().nfiles());
        }
        return List.of();
      }
    }
    Optional<Manifest> manifest = ws.manifest(t.output().sha256(), ws.rel(t.pointer()));
    if (manifest.isEmpty()) {
      return List.of(new ChangedPath(t.path(), State.NOT_IN_CACHE));
    }
    Map<String, Manifest.Entry> expected = manifest.get().byPath();
    if (prefix != null) {
      Path sub = t.data().resolve(prefix);
      found = Files.isRegularFile(sub) ? List.of(new Workspace.Found(prefix, t.data(), null))
          : ws.scan(sub).stream().map(f -> new Workspace.Found(prefix + "/" + f.path(), t.data(), f.stat())).toList();
    }
    List<ChangedPath> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Workspace.Found f : found) {
      seen.add(f.path());
    }
    List<Optional<ChangedPath>> checked = Parallel.map(found, ws.threads(), f -> {
      Manifest.Entry e = expected.get(f.path());
      String shown = t.path() + "/" + f.path();
      if (e == null) {
        return Optional.of(new ChangedPath(shown, State.NEW));
      }
      return file(shown, e.sha256(), e.size(), f.file(), f.stat());
    });
    for (Optional<ChangedPath> c : checked) {
      c.ifPresent(out::add);
    }
    for (Manifest.Entry e : manifest.get().entries()) {
      boolean wanted = prefix == null || e.path().equals(prefix) || e.path().startsWith(prefix + "/");
      if (wanted && !seen.contains(e.path())) {
        out.add(new ChangedPath(t.path() + "/" + e.path(),
            ws.store().contains(e.sha256()) ? State.DELETED : State.NOT_IN_CACHE));
      }
    }
    out.sort((a, b) -> Manifest.PATH_ORDER.compare(a.path(), b.path()));
    if (fp != null && out.isEmpty()) {
      ws.snapshots().record(t.path(), fp, t.output().sha256());
    }
    if (monitor != null) {
      if (out.isEmpty()) {
        monitor.verified(t.path(), t.output().sha256(), t.output().size(), t.output().nfiles());
      } else {
        monitor.changed(t.path());
      }
    }
    return out;
  }

  /** How one file differs from the hash (and size) it should have, if it does. */
  private Optional<ChangedPath> file(String shown, String want, long wantSize, java.nio.file.Path data,
      FileStat known) {
    try {
      FileStat stat = known != null ? known
          : FileStat.of(Files.readAttributes(data, java.nio.file.attribute.BasicFileAttributes.class));
      if (wantSize >= 0 && stat.size() != wantSize) {
        // Another size is other bytes: no need to read a big file to say it changed (as Git).
        return Optional.of(new ChangedPath(shown, State.MODIFIED));
      }
      String have = ws.hashOf(data, shown, stat);
      // Inside a directory a matching file is clean without asking the cache about it: that
      // would cost a stat per file. A file output (one stat) is checked by the caller.
      return have.equals(want) ? Optional.empty() : Optional.of(new ChangedPath(shown, State.MODIFIED));
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(data) || Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(new ChangedPath(shown, State.MODIFIED));
      }
      return Optional.of(new ChangedPath(shown, ws.store().contains(want) ? State.DELETED : State.NOT_IN_CACHE));
    } catch (IOException e) {
      throw StorageException.of("read", data, e);
    }
  }
}
