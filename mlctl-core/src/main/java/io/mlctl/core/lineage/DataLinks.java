package io.mlctl.core.lineage;

import io.mlctl.core.MlctlException;
import io.mlctl.core.StorageException;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The links below a model: the data (checked against the cache or the work tree, and against the
 * pointer that tracks it), the pipeline stage that produced an output (from {@code mlctl.lock}),
 * recursively through the stage's dependencies, and Git commits.
 */
final class DataLinks {
  /** Deeper than any real pipeline; stops a lock that names its own outputs as dependencies. */
  private static final int MAX_DEPTH = 64;

  private final Sources src;

  DataLinks(Sources src) {
    this.src = src;
  }

  static String shortHash(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
  }

  /** A commit, verified when the repository holds it; null when nothing names one. */
  LineageNode commit(String sha) {
    if (sha == null || sha.isEmpty()) {
      return null;
    }
    if (src.git.isEmpty()) {
      return LineageNode.of(NodeKind.COMMIT, sha, LinkStatus.FAILED, shortHash(sha))
          .broken(LinkStatus.FAILED, "the project is not in a Git repository, so the commit cannot be checked").build();
    }
    Optional<GitRepo.CommitInfo> c = src.git.get().commit(sha);
    if (c.isEmpty()) {
      return LineageNode.of(NodeKind.COMMIT, sha, LinkStatus.FAILED, shortHash(sha))
          .broken(LinkStatus.FAILED, "commit " + sha + " is not in the Git repository (fetch it, or it was never pushed)").build();
    }
    GitRepo.CommitInfo i = c.get();
    return LineageNode.of(NodeKind.COMMIT, sha, LinkStatus.VERIFIED, shortHash(sha) + " " + i.summary())
        .detail("author", i.author()).detail("time", i.time()).detail("summary", i.summary()).build();
  }

  /**
   * A data file or directory the record names by path and hash.
   *
   * @param pointer the pointer that tracked it when the record was made (from a card), or null to look beside the file
   * @param commit the commit the record was made at, where the pointer is read first; or null
   */
  LineageNode data(String path, String sha256, String pointer, String commit, Set<String> stagesAbove) {
    LineageNode.Builder b = LineageNode.of(NodeKind.DATA, path + "@" + shortHash(sha256), LinkStatus.VERIFIED, path + " " + shortHash(sha256))
        .detail("path", path).detail("sha256", sha256);
    if (sha256 == null || !Sha256.isHash(sha256)) {
      return b.broken(LinkStatus.FAILED, "the record holds no valid SHA-256 for " + path).build();
    }
    content(b, path, sha256);
    String ptr = pointer != null ? pointer : besidePointer(path);
    if (ptr != null) {
      pointerCheck(b, ptr, path, sha256, commit);
    }
    producer(path, sha256, stagesAbove).ifPresent(s -> b.from("produced_by", s));
    return b.build();
  }

  /** Checks the bytes: in the cache when they are there, else in the work tree. */
  private void content(LineageNode.Builder b, String path, String sha256) {
    Optional<Boolean> cached = src.objectHolds(sha256);
    if (cached.isPresent()) {
      b.detail("held_in", "cache");
      if (!cached.get()) {
        b.broken(LinkStatus.FAILED, "the cached object " + shortHash(sha256) + " no longer hashes to its name (run 'mlctl fsck')");
      }
      return;
    }
    Path file = src.project.root().resolve(path);
    if (Files.isRegularFile(file)) {
      try {
        if (Sha256.of(file).equals(sha256)) {
          b.detail("held_in", "work_tree");
          return;
        }
      } catch (IOException e) {
        throw StorageException.of("hash", file, e);
      }
    }
    b.detail("held_in", null);
    b.broken(LinkStatus.MISSING, "object " + shortHash(sha256) + " of " + path
        + " is not in the cache and the work tree does not hold those bytes ('mlctl pull' fetches it)");
  }

  private String besidePointer(String path) {
    String p = path + PointerFile.SUFFIX;
    return Files.isRegularFile(src.project.root().resolve(p)) ? p : null;
  }

  /** The pointer as the record's commit holds it (the work tree's when that commit lacks it) must name the same bytes. */
  private void pointerCheck(LineageNode.Builder b, String ptr, String path, String sha256, String commit) {
    b.detail("pointer", ptr);
    String text = null;
    String from = "work_tree";
    if (commit != null && src.git.isPresent() && src.git.get().commit(commit).isPresent()) {
      text = src.git.get().fileAt(commit, ptr).orElse(null);
      from = text == null ? from : "commit";
    }
    if (text == null) {
      Path f = src.project.root().resolve(ptr);
      if (!Files.isRegularFile(f)) {
        b.broken(LinkStatus.MISSING, "the pointer " + ptr + " is gone");
        return;
      }
      try {
        text = Files.readString(f);
      } catch (IOException e) {
        throw StorageException.of("read", f, e);
      }
    }
    b.detail("pointer_read_from", from);
    List<Output> outs;
    try {
      outs = PointerFile.parse(text, ptr);
    } catch (MlctlException e) {
      b.broken(LinkStatus.FAILED, e.getMessage());
      return;
    }
    String folder = ptr.contains("/") ? ptr.substring(0, ptr.lastIndexOf('/') + 1) : "";
    for (Output o : outs) {
      if ((folder + o.path()).equals(path)) {
        if (!o.sha256().equals(sha256)) {
          b.broken(LinkStatus.FAILED, "the pointer " + ptr + " records " + shortHash(o.sha256()) + ", not " + shortHash(sha256));
        }
        return;
      }
    }
    b.broken(LinkStatus.FAILED, "the pointer " + ptr + " does not track " + path);
  }

  /**
   * The stage that wrote these bytes to this path: from the work tree's lock, else from a
   * committed one. A stage that wrote other bytes there is named as a failed link.
   */
  Optional<LineageNode> producer(String path, String sha256, Set<String> stagesAbove) {
    Map.Entry<String, LockEntry> byPath = null;
    for (Map.Entry<String, LockEntry> e : src.lock().entrySet()) {
      Optional<Output> o = e.getValue().out(path);
      if (o.isPresent()) {
        if (o.get().sha256().equals(sha256)) {
          return Optional.of(stage(e.getKey(), e.getValue(), "work_tree", path, stagesAbove));
        }
        byPath = e;
      }
    }
    for (Map.Entry<String, LockEntry> e : src.lockHistory()) {
      Optional<Output> o = e.getValue().out(path);
      if (o.isPresent() && o.get().sha256().equals(sha256)) {
        return Optional.of(stage(e.getKey(), e.getValue(), "git_history", path, stagesAbove));
      }
    }
    if (byPath != null) {
      String recorded = byPath.getValue().out(path).get().sha256();
      return Optional.of(LineageNode.of(NodeKind.STAGE, byPath.getKey(), LinkStatus.FAILED, byPath.getKey() + ": " + byPath.getValue().cmd())
          .detail("cmd", byPath.getValue().cmd())
          .broken(LinkStatus.FAILED, "mlctl.lock records " + shortHash(recorded) + " for " + path + ", not "
              + shortHash(sha256) + ", and no committed mlctl.lock records these bytes")
          .build());
    }
    return Optional.empty();
  }

  /** A stage node, with its dependencies below it. */
  LineageNode stage(String name, LockEntry e, String lockFrom, String outPath, Set<String> stagesAbove) {
    LineageNode.Builder b = LineageNode.of(NodeKind.STAGE, name, LinkStatus.VERIFIED, name + ": " + e.cmd())
        .detail("name", name).detail("cmd", e.cmd()).detail("lock_read_from", lockFrom).detail("output", outPath);
    Map<String, Object> params = new LinkedHashMap<>();
    e.params().forEach((file, values) -> values.forEach((k, v) -> params.put(file.equals("params.yaml") ? k : file + ":" + k, v)));
    b.detail("params", params);
    Map<String, String> deps = new LinkedHashMap<>();
    e.deps().forEach(d -> deps.put(d.path(), d.sha256()));
    b.detail("deps", deps);
    if (stagesAbove.contains(name) || stagesAbove.size() >= MAX_DEPTH) {
      return b.broken(LinkStatus.FAILED, "the lock makes stage " + name + " depend on itself").build();
    }
    Set<String> here = new HashSet<>(stagesAbove);
    here.add(name);
    List<Output> ds = new ArrayList<>(e.deps());
    for (Output d : ds) {
      b.from("depends_on", data(d.path(), d.sha256(), null, null, here));
    }
    return b.build();
  }
}
