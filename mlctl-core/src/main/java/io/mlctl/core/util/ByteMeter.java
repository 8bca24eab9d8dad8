package io.mlctl.core.util;

import java.util.function.LongConsumer;

/**
 * Bytes read for one file, reported to a {@link Progress} while they are read rather than once the
 * file is done, so a single large file moves its bar. The loops that read data (copying, hashing)
 * call {@link #count}; an operation wraps each file's work in {@link #file}. The meter belongs to
 * the thread doing the work: a worker pool's threads each meter their own file. Counting on a
 * thread with no meter costs a thread-local read and does nothing.
 */
public final class ByteMeter {
  private static final ThreadLocal<LongConsumer> SINK = new ThreadLocal<>();

  private ByteMeter() {}

  /** Work on one file that may throw {@code E}. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T call() throws E;
  }

  /** Called by reading loops: {@code n} more bytes of the current file were read. */
  public static void count(long n) {
    LongConsumer sink = SINK.get();
    if (sink != null && n > 0) {
      sink.accept(n);
    }
  }

  /**
   * Runs {@code work} on this thread, passing the bytes it reads on to {@code progress} as they
   * are read, never more than {@code size} (a file read twice, copied then verified, counts once),
   * then reports the file done with whatever of {@code size} was not yet reported (all of it when
   * the work read nothing, as when the hash was known).
   */
  public static <T, E extends Exception> T file(Progress progress, long size, Work<T, E> work) throws E {
    if (progress == Progress.NONE) {
      return work.call();
    }
    long[] reported = {0};
    T result = counting(n -> {
      long take = Math.min(n, size - reported[0]);
      if (take > 0) {
        reported[0] += take;
        progress.advance(0, take);
      }
    }, work);
    progress.advance(1, Math.max(0, size - reported[0]));
    return result;
  }

  /** Runs {@code work} on this thread, handing every byte count its reading loops make to {@code sink}. */
  public static <T, E extends Exception> T counting(LongConsumer sink, Work<T, E> work) throws E {
    LongConsumer outer = SINK.get();
    SINK.set(sink);
    try {
      return work.call();
    } finally {
      if (outer == null) {
        SINK.remove();
      } else {
        SINK.set(outer);
      }
    }
  }
}
