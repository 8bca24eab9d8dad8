package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.mlctl.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills a child mlctl process with SIGKILL the moment an observable event happens (a temporary
 * object reaching N bytes, the k-th object in a store, a stage's marker file), and proves that the
 * kill is what ended it: a child that finished first is reported as {@link Outran}, never passed
 * off as a kill.
 */
final class Crash {
  private Crash() {}

  /** Something the test can see happen from outside the child. */
  interface Event {
    boolean reached() throws IOException;
  }

  /** A kill point: what to wait for, and how to name it in test names and failure messages. */
  record Point(String name, Event event) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The child ended on its own before the event: the kill point was not exercised. */
  static final class Outran extends AssertionError {
    Outran(String message) {
      super(message);
    }
  }

  /** 128 + SIGKILL, as {@link Process#exitValue} reports a child the kill ended. */
  static final int KILLED = 137;

  /** A child {@code mlctl -C ROOT ARGS} as a second shell would start it; stderr goes to {@code err}. */
  static ProcessBuilder mlctl(Path root, Path err, String... args) {
    List<String> argv = new ArrayList<>(List.of("-C", root.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = ChildJvm.of(Main.class, argv.toArray(String[]::new))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
    pb.environment().put("CI", "true");
    pb.environment().put("NO_COLOR", "1");
    return pb;
  }

  /**
   * Starts {@code mlctl ARGS} in {@code root} and kills it once {@code at} is reached.
   *
   * @throws Outran when the child ended before the event or before the kill landed
   */
  static void killAt(Path root, Point at, String... args) throws Exception {
    Path err = Files.createTempFile(root.getParent(), "child-", ".err");
    Process child = mlctl(root, err, args).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!at.event().reached()) {
        if (!child.isAlive()) {
          throw new Outran("mlctl " + String.join(" ", args) + " ended (exit " + child.exitValue() + ") before " + at
              + "\n" + Files.readString(err));
        }
        if (System.nanoTime() > deadline) {
          fail(at + " did not happen within 120 s");
        }
        Thread.sleep(1);
      }
    } finally {
      child.destroyForcibly();
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        fail("the killed child did not end");
      }
    }
    if (child.exitValue() != KILLED) {
      throw new Outran("mlctl " + String.join(" ", args) + " finished (exit " + child.exitValue() + ") before the kill at "
          + at + " landed\n" + Files.readString(err));
    }
  }

  /** Runs a kill point up to three times when the child outran the test; fails if it always did. */
  static void withRetries(ThrowingRunnable attempt) throws Exception {
    Outran last = null;
    for (int i = 0; i < 3; i++) {
      try {
        attempt.run();
        return;
      } catch (Outran o) {
        OUTRUN.incrementAndGet();
        last = o;
      }
    }
    throw last;
  }

  /** How many attempts a child outran, for the suite's summary. */
  static final java.util.concurrent.atomic.AtomicInteger OUTRUN = new java.util.concurrent.atomic.AtomicInteger();

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ---- events ----

  /** The child holds the repository's write lock: its PID is in {@code .mlctl/tmp/lock}. */
  static Event locked(Path root) {
    Path lock = root.resolve(".mlctl/tmp/lock");
    return () -> {
      try {
        String pid = Files.readString(lock, StandardCharsets.US_ASCII).trim();
        return !pid.isEmpty() && !pid.equals(Long.toString(ProcessHandle.current().pid()));
      } catch (NoSuchFileException absent) {
        return false;
      }
    };
  }

  /** A temporary file in {@code dir} whose name starts with {@code prefix} holds at least {@code bytes}. */
  static Event tempFile(Path dir, String prefix, long bytes) {
    return () -> {
      for (Path p : list(dir)) {
        if (p.getFileName().toString().startsWith(prefix) && size(p) >= bytes) {
          return true;
        }
      }
      return false;
    };
  }

  /** A temporary object in the cache's {@code .mlctl/tmp} holds at least {@code bytes}. */
  static Event tempObject(Path root, long bytes) {
    return tempFile(root.resolve(".mlctl/tmp"), "obj-", bytes);
  }

  /** At least {@code k} of {@code paths} exist. */
  static Event present(Collection<Path> paths, int k) {
    return () -> paths.stream().filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS)).limit(k).count() >= k;
  }

  /** {@code path} no longer exists. */
  static Event gone(Path path) {
    return () -> !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** {@code path} exists. */
  static Event exists(Path path) {
    return () -> Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** {@code file} differs in size from {@code size}. */
  static Event resized(Path file, long size) {
    return () -> size(file) != size;
  }

  /** At least {@code k} regular files below {@code dir}, temporary ones included. */
  static Event filesUnder(Path dir, int k) {
    return () -> {
      if (!Files.isDirectory(dir)) {
        return false;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).limit(k).count() >= k;
      } catch (java.io.UncheckedIOException | NoSuchFileException movedMeanwhile) {
        return false;
      }
    };
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(out::add);
    } catch (NoSuchFileException absent) {
      // not made yet
    }
    return out;
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException renamedOrRemoved) {
      return -1;
    }
  }
}
