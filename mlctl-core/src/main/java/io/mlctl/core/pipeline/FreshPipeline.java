package io.mlctl.core.pipeline;

import io.mlctl.core.StorageException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.util.Parallel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The last verdict "every stage is up to date", and what it was reached from: the bytes of
 * {@code mlctl.yaml}, {@code mlctl.lock} and the parameter files (by size and a 128-bit
 * fingerprint, which costs a short run less than starting SHA-256), and the stat fingerprint (see
 * {@link PathFingerprints}) of every path the stages name. When all of these are still the same,
 * so is the verdict, since staleness is a function of exactly these: a no-op {@code repro} or
 * {@code status} then checks the fingerprints, on all cores, without parsing the pipeline or the
 * lock. Anything different, missing or unreadable means "no verdict", and the full check runs.
 *
 * <p>Kept in {@code .mlctl/state/pipeline-fresh}, written only after a full check found every
 * stage fresh and every path's files old enough to trust their timestamps (as the hash cache
 * requires), and rewritten atomically. Stateless and thread-safe.
 */
public final class FreshPipeline {
  static final String FILE = "pipeline-fresh";
  private static final String HEADER = "mlctl-pipeline-fresh 1";
  /** A path that only has to exist (a frozen stage's dependency). */
  private static final String EXISTS = "e";

  private FreshPipeline() {}

  /** A stage of the verdict: its name and whether it is frozen (reported as such). */
  public record Fresh(String name, boolean frozen) {}

  private static Path file(Workspace ws) {
    return ws.layout().state().resolve(FILE);
  }

  /** The files whose bytes the verdict rests on: the pipeline, its lock and the parameter files. */
  private static List<String> inputs(List<Stage> stages) {
    TreeSet<String> files = new TreeSet<>(List.of(PipelineFile.NAME, LockFile.NAME, PipelineFile.DEFAULT_PARAMS));
    for (Stage s : stages) {
      s.params().forEach(p -> files.add(p.file()));
    }
    return List.copyOf(files);
  }

  /** A file's size and 128-bit fingerprint of its bytes ({@link PathFingerprints#ofBytes}), or {@code -}. */
  private static String digest(Path root, String rel) {
    try {
      byte[] bytes = Files.readAllBytes(root.resolve(rel));
      return bytes.length + ":" + PathFingerprints.ofBytes(bytes);
    } catch (NoSuchFileException absent) {
      return "-";
    } catch (IOException e) {
      throw StorageException.of("read", root.resolve(rel), e);
    }
  }

  /** The stages, in order, if the last verdict still holds. */
  public static Optional<List<Fresh>> check(Workspace ws) {
    return check(ws.root(), ws.layout().state().resolve(FILE), Math.min(2, ws.threads()));
  }

  /**
   * A check started before the repository lock was taken (see {@link #prefetch}): the project
   * it checked, the lock file's stamp before it looked, and its answer.
   */
  private record Prefetched(Path root, String lockStamp, Optional<List<Fresh>> verdict) {}

  /** The prefetch under way; it completes with null when there was nothing to check ahead. */
  private static final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Prefetched>> PREFETCH =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Starts {@link #check} of the project that {@code start} is in on a background thread, while
   * the command line is still being parsed. Its answer is used by {@link #check(Workspace, String)}
   * only when no writer took the lock in between (the lock file's stamp, read before the check,
   * is the one the lock was taken over), so it is the answer a check under the lock would give
   * unless the files changed without one, which a check under the lock could not exclude either.
   * Everything, finding the project included, happens on that thread: the caller goes on at once.
   */
  public static void prefetch(Path start) {
    java.util.concurrent.CompletableFuture<Prefetched> result = new java.util.concurrent.CompletableFuture<>();
    PREFETCH.set(result);
    Thread t = new Thread(() -> {
      Prefetched done;
      try {
        done = prefetched(start);
        result.complete(done);
      } catch (Throwable e) {
        result.completeExceptionally(e);
        return;
      }
      if (done != null && done.verdict().isEmpty()) {
        // Stages will run, after reading the pipeline: that can start now too.
        PipelineFile.prefetch(done.root());
      }
    }, "mlctl-verdict");
    t.setDaemon(true);
    t.start();
  }

  private static Prefetched prefetched(Path start) {
    Optional<Path> root = io.mlctl.core.repo.Discovery.findProjectRoot(start);
    if (root.isEmpty()) {
      return null;
    }
    io.mlctl.core.repo.ProjectLayout layout = new io.mlctl.core.repo.ProjectLayout(root.get());
    Optional<String> stamp = io.mlctl.core.repo.RepoLock.stamp(layout.lockFile());
    if (stamp.isEmpty()) {
      return null;
    }
    return new Prefetched(layout.root(), stamp.get(), check(layout.root(), layout.state().resolve(FILE), 1));
  }

  /** The prefetched answer, waited for but left in place (for tests). */
  static Optional<List<Fresh>> awaitPrefetch() {
    java.util.concurrent.CompletableFuture<Prefetched> f = PREFETCH.get();
    Prefetched p = f == null ? null : f.join();
    return p == null ? Optional.empty() : p.verdict();
  }

  /** Forgets a prefetched check, and a pipeline parsed ahead, that nothing used. */
  public static void discardPrefetch() {
    PREFETCH.set(null);
    PipelineFile.discardPrefetch();
  }

  /**
   * Like {@link #check(Workspace)}, using a prefetched answer for this project when the lock
   * file's stamp when the lock was taken ({@code lockStamp}) is the one the prefetch saw.
   */
  public static Optional<List<Fresh>> check(Workspace ws, String lockStamp) {
    java.util.concurrent.CompletableFuture<Prefetched> f = PREFETCH.getAndSet(null);
    if (f != null) {
      try {
        Prefetched p = f.join();
        if (p != null && p.root().equals(ws.root()) && p.lockStamp().equals(lockStamp)) {
          return p.verdict();
        }
      } catch (java.util.concurrent.CompletionException failed) {
        // checked again below, which reports the problem if it is still there
      }
    }
    return check(ws);
  }

  private static Optional<List<Fresh>> check(Path root, Path verdict, int threads) {
    String text;
    try {
      text = Files.readString(verdict, StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw StorageException.of("read", verdict, e);
    }
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals(HEADER) || !text.endsWith("\nend\n")) {
      return Optional.empty();
    }
    List<Fresh> stages = new ArrayList<>();
    Map<String, String> paths = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size() - 1)) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "file" -> {
          if (f.length != 3 || !f[1].equals(digest(root, f[2]))) {
            return Optional.empty();
          }
        }
        case "stage" -> {
          if (f.length != 3) {
            return Optional.empty();
          }
          stages.add(new Fresh(f[1], f[2].equals("frozen")));
        }
        case "path" -> {
          if (f.length != 3) {
            return Optional.empty();
          }
          paths.put(f[2], f[1]);
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    List<String> rels = List.copyOf(paths.keySet());
    List<String> now = Parallel.map(rels, threads, rel -> paths.get(rel).equals(EXISTS)
        ? (Files.exists(root.resolve(rel)) ? EXISTS : "-") : Hasher.fingerprint(root, rel));
    for (int i = 0; i < rels.size(); i++) {
      if (!paths.get(rels.get(i)).equals(now.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(stages);
  }

  /**
   * Records that every stage of {@code order} was just found fresh, if every path they name has a
   * trusted fingerprint; otherwise removes any older verdict.
   *
   * @param before the input digests taken before the check, which must not have changed since
   */
  public static void save(Workspace ws, List<Stage> order, PathFingerprints fingerprints, Map<String, String> before) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, String> e : before.entrySet()) {
      if (!e.getValue().equals(digest(ws.root(), e.getKey()))) {
        forget(ws);
        return;
      }
      sb.append("file\t").append(e.getValue()).append('\t').append(e.getKey()).append('\n');
    }
    // A frozen stage is fresh whatever its paths hold; only its dependencies must still exist,
    // or the pipeline would not be valid. Every other stage's paths must keep their fingerprints.
    TreeSet<String> paths = new TreeSet<>();
    TreeSet<String> mustExist = new TreeSet<>();
    for (Stage s : order) {
      if (!plain(s.name())) {
        forget(ws);
        return;
      }
      sb.append("stage\t").append(s.name()).append('\t').append(s.frozen() ? "frozen" : "fresh").append('\n');
      if (s.frozen()) {
        mustExist.addAll(Staleness.normalized(s));
      } else {
        paths.addAll(Staleness.normalized(s));
        paths.addAll(Staleness.outputs(s));
      }
    }
    mustExist.removeAll(paths);
    for (String rel : paths) {
      Optional<PathFingerprints.Entry> e = fingerprints.entry(rel);
      if (e.isEmpty() || !plain(rel)) {
        forget(ws);
        return;
      }
      Output o = e.get().output();
      sb.append("path\t").append(o.dir() ? 'd' : 'f').append(e.get().fingerprint()).append('\t').append(rel).append('\n');
    }
    for (String rel : mustExist) {
      if (!plain(rel) || !Files.exists(ws.root().resolve(rel))) {
        forget(ws);
        return;
      }
      sb.append("path\t").append(EXISTS).append('\t').append(rel).append('\n');
    }
    sb.append("end\n");
    AtomicFiles.writeStringUnforced(file(ws), sb.toString());
  }

  /** The digests of the verdict's input files now, for {@link #save}. */
  public static Map<String, String> inputDigests(Workspace ws, List<Stage> stages) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : inputs(stages)) {
      out.put(f, digest(ws.root(), f));
    }
    return out;
  }

  /** Drops the verdict: the next check is a full one. */
  public static void forget(Workspace ws) {
    try {
      Files.deleteIfExists(file(ws));
    } catch (IOException e) {
      throw StorageException.of("remove", file(ws), e);
    }
  }

  private static boolean plain(String s) {
    return s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
  }
}
