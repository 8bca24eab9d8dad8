package io.mlctl.core.pipeline;

import io.mlctl.core.pointer.Output;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The hashes of the dependencies of a repro's stages, computed ahead on a background thread while
 * earlier stages run (mlctl itself is idle then, waiting for their commands). {@link Repro} offers
 * a stage only once every stage it depends on has finished: a dependency that overlaps an output
 * of a stage still to run or running is upstream of it in the {@link Dag}, so nothing this repro
 * does changes a dependency after it is offered, and its hash is the one the stage would compute
 * when it starts. A stage asks with {@link #hash}, which gives the prefetched hash, waits for it,
 * or computes it then if the background thread has not started it. Thread-safe.
 */
final class DependencyHashes implements AutoCloseable {
  private final Hasher hasher;
  /** The background thread; null on a single core, where every hash is computed when asked for. */
  private final ThreadPoolExecutor thread;
  private final Map<String, FutureTask<Optional<Output>>> offered = new ConcurrentHashMap<>();

  DependencyHashes(Hasher hasher) {
    this.hasher = hasher;
    this.thread = Runtime.getRuntime().availableProcessors() < 2 ? null
        : new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "mlctl-dependency-hashes");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Starts hashing the stage's dependencies in the background, in order. Only for a stage whose
   * upstream stages in this repro have all finished.
   */
  void offer(Stage s) {
    if (thread == null || s.frozen()) {
      return;
    }
    for (String dep : Staleness.normalized(s)) {
      // A running stage adds its outputs' names to the .gitignore beside them, which no upstream
      // edge records: such a file is hashed when its stage starts.
      if (dep.equals(".gitignore") || dep.endsWith("/.gitignore")) {
        continue;
      }
      FutureTask<Optional<Output>> task = new FutureTask<>(() -> hasher.hash(dep));
      if (offered.putIfAbsent(key(s, dep), task) == null) {
        thread.execute(task);
      }
    }
  }

  /** The dependency's hash as the stage sees it now; empty when it does not exist. */
  Optional<Output> hash(Stage s, String dep) {
    FutureTask<Optional<Output>> task = offered.remove(key(s, dep));
    if (task == null) {
      return hasher.hash(dep);
    }
    // Not started yet: computed here rather than waiting in the queue (the queued copy then does nothing).
    task.run();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return hasher.hash(dep);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static String key(Stage s, String dep) {
    return s.name() + '\0' + dep;
  }

  /**
   * Drops what no stage asked for (stages that will not run after a failure) and stops the hash
   * being computed, so nothing runs on after a repro: its half-read files are simply not recorded.
   */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    offered.clear();
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
