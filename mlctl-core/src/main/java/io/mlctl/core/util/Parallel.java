package io.mlctl.core.util;

import io.mlctl.core.MlctlException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.IoReasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work items on all cores and waits for them. The first failure stops the remaining items and,
 * once the items being worked on are done, is rethrown as it was (an I/O error as a {@link
 * StorageException} naming the file); results keep the order of the inputs.
 */
public final class Parallel {
  private Parallel() {}

  /** Work on one item that may fail with an I/O error. */
  @FunctionalInterface
  public interface Task<T, R> {
    R apply(T item) throws IOException;
  }

  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** Applies {@code task} to every item with {@code threads} workers; returns results in order. */
  public static <T, R> List<R> map(List<T> items, int threads, Task<T, R> task) {
    try (Pool pool = pool(Math.min(threads, items.size()))) {
      return pool.map(items, task);
    }
  }

  /** Workers for many rounds of {@link Pool#map}: threads start once, not once a round. */
  public static Pool pool(int threads) {
    return new Pool(threads);
  }

  /** Worker threads kept across rounds; {@link #close} stops them. */
  public static final class Pool implements AutoCloseable {
    private final int threads;
    private ExecutorService executor;

    private Pool(int threads) {
      this.threads = Math.max(1, threads);
    }

    /** Applies {@code task} to every item on this pool's workers; returns results in order. */
    public <T, R> List<R> map(List<T> items, Task<T, R> task) {
      int n = items.size();
      List<R> results = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        results.add(null);
      }
      int workers = Math.min(threads, n);
      if (workers <= 1) {
        for (int i = 0; i < n; i++) {
          results.set(i, call(task, items.get(i)));
        }
        return results;
      }
      AtomicInteger next = new AtomicInteger();
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          futures.add(executor().submit(() -> {
            for (int i; (i = next.getAndIncrement()) < n; ) {
              R r;
              try {
                r = call(task, items.get(i));
              } catch (RuntimeException | Error e) {
                // The others finish the item they hold and take no new one.
                next.set(n);
                throw e;
              }
              synchronized (results) {
                results.set(i, r);
              }
            }
            return null;
          }));
        }
        // Every worker is waited for, even after a failure: the caller cleans up (a temporary
        // folder, an upload's file) only once nothing writes there any more.
        RuntimeException first = null;
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (ExecutionException e) {
            if (first == null) {
              first = rethrow(e.getCause());
            }
          }
        }
        if (first != null) {
          throw first;
        }
        return results;
      } catch (InterruptedException e) {
        next.set(n);
        Thread.currentThread().interrupt();
        throw new StorageException("interrupted", null, e);
      }
    }

    private synchronized ExecutorService executor() {
      if (executor == null) {
        executor = Executors.newFixedThreadPool(threads, r -> {
          Thread t = new Thread(r, "mlctl-worker");
          t.setDaemon(true);
          return t;
        });
      }
      return executor;
    }

    @Override
    public synchronized void close() {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  private static <T, R> R call(Task<T, R> task, T item) {
    try {
      return task.apply(item);
    } catch (IOException e) {
      // The same failure on one worker or on many: a StorageException that says in words what
      // failed and on which file (never an UncheckedIOException, which users would see as a bug).
      throw storage(e);
    }
  }

  private static StorageException storage(IOException e) {
    return new StorageException(IoReasons.withFile(e), null, e);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof UncheckedIOException u) {
      return storage(u.getCause());
    }
    if (t instanceof MlctlException m) {
      return m;
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(t);
  }
}
