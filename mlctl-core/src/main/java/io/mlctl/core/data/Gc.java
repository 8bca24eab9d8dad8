package io.mlctl.core.data;

import io.mlctl.core.MlctlException;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.yaml.YamlFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mlctl gc}: removes cached objects that nothing references. References are the outputs of
 * the pointers and of {@code mlctl.lock} in the work tree, or with {@code allCommits} in every
 * commit of every branch and tag too, the files listed by any referenced directory manifest, and
 * what the experiment runs under {@code .mlctl/runs/} need for {@code exp apply}. Takes the write
 * lock.
 */
public final class Gc {
  private final Workspace ws;
  private boolean allCommits;
  private boolean dryRun;

  public Gc(Workspace ws) {
    this.ws = ws;
  }

  public Gc allCommits(boolean value) {
    this.allCommits = value;
    return this;
  }

  public Gc dryRun(boolean value) {
    this.dryRun = value;
    return this;
  }

  /** Objects removed (or that would be, on a dry run), the bytes they held, and how many were kept. */
  public record Result(List<String> removed, long bytes, long kept, boolean dryRun) {}

  public Result call() {
    try (RepoLock lock = ws.project().lock()) {
      Set<String> referenced = new HashSet<>();
      for (Tracked t : ws.tracked()) {
        reference(t.output().sha256(), t.output().dir(), referenced);
      }
      if (Files.isRegularFile(ws.layout().pipelineLock())) {
        try {
          collectLock(Files.readString(ws.layout().pipelineLock()), "mlctl.lock", referenced);
        } catch (IOException e) {
          throw io.mlctl.core.StorageException.of("read", ws.layout().pipelineLock(), e);
        }
      }
      keepRuns(referenced);
      referenced.addAll(new io.mlctl.core.registry.ModelRegistry(ws.project()).objects().keySet());
      if (allCommits) {
        try (GitRepo git = new Revisions(ws).git()) {
          git.forEachFileInHistory(List.of(PointerFile.SUFFIX, "mlctl.lock", ".yaml"), (path, text) -> {
            try {
              if (path.endsWith(".yaml")) {
                if (path.startsWith(".mlctl/registry/")) {
                  referenced.addAll(io.mlctl.core.registry.ModelRegistry.objectsIn(text, path));
                }
              } else if (path.endsWith(PointerFile.SUFFIX)) {
                for (Output o : PointerFile.parse(text, path)) {
                  reference(o.sha256(), o.dir(), referenced);
                }
              } else {
                collectLock(text, path, referenced);
              }
            } catch (MlctlException malformed) {
              // An old commit's broken pointer references nothing we could keep.
            }
          });
        }
      }
      List<String> removed = new ArrayList<>();
      long bytes = 0;
      long kept = 0;
      for (String h : ws.store().list()) {
        if (referenced.contains(h)) {
          kept++;
          continue;
        }
        bytes += Math.max(0, ws.store().size(h));
        removed.add(h);
        if (!dryRun) {
          ws.store().delete(h);
        }
      }
      return new Result(removed, bytes, kept, dryRun);
    }
  }

  // A run keeps its parameter files, its mlctl.lock and everything that lock names, so that
  // exp apply can still bring it back; removing the run's record (exp remove) frees them.
  private void keepRuns(Set<String> referenced) {
    for (io.mlctl.core.exp.RunRecord r : new io.mlctl.core.exp.RunStore(ws.layout().runs()).all()) {
      referenced.addAll(r.paramFiles().values());
      r.outs().values().forEach(referenced::add);
      String lock = r.lockFile();
      if (lock != null && Sha256.isHash(lock) && referenced.add(lock) && ws.store().contains(lock)) {
        collectLock(new String(ws.store().readVerified(lock), java.nio.charset.StandardCharsets.UTF_8),
            "the mlctl.lock of run " + r.id(), referenced);
      }
    }
  }

  private void reference(String hash, boolean dir, Set<String> referenced) {
    if (!referenced.add(hash) || !dir) {
      return;
    }
    Optional<Manifest> m;
    try {
      m = ws.manifest(hash, hash);
    } catch (MlctlException damaged) {
      // Without the manifest gc cannot tell which files it lists: deleting would lose them.
      throw new io.mlctl.core.StorageException("the manifest " + hash + " of a tracked directory is damaged; "
          + "gc stopped and removed nothing", "repair it with 'mlctl fsck --repair', or re-add the directory", damaged);
    }
    m.ifPresent(manifest -> manifest.entries().forEach(e -> referenced.add(e.sha256())));
  }

  /** Every {@code sha256} value anywhere in a lock file, with directories expanded. */
  private void collectLock(String text, String shownAs, Set<String> referenced) {
    Object doc = YamlFiles.parse(text, shownAs);
    walk(doc, referenced);
  }

  private void walk(Object node, Set<String> referenced) {
    if (node instanceof Map<?, ?> m) {
      Object h = m.get("sha256");
      if (h instanceof String s && Sha256.isHash(s)) {
        reference(s, "dir".equals(m.get("kind")), referenced);
      }
      m.values().forEach(v -> walk(v, referenced));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> walk(v, referenced));
    }
  }
}
