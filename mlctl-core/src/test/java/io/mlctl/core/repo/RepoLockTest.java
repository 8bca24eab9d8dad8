package io.mlctl.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.LockedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each case on Jimfs and on the real file system, where the OS lock is real; one case holds
 * the lock from a second JVM, as another mlctl process would.
 */
class RepoLockTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final Duration WAIT = Duration.ofMillis(300);
  private static final Consumer<Long> IGNORE = pid -> { };

  private final TestFs fs = new TestFs();
  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @TempDir
  Path tmp;

  @AfterEach
  void cleanUp() throws IOException {
    other.shutdownNow();
    fs.close();
  }

  private Path lockFile(String where) {
    Path root = where.equals("jimfs") ? fs.project("/repo") : tmp;
    return new ProjectLayout(root).lockFile();
  }

  /** A clock that moves on a fixed step each time it is read: a wait is measured in reads, not in real time. */
  private static final class SteppingClock extends Clock {
    static final long STEP_MILLIS = 50;
    private final java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
    private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

    long reads() {
      return reads.get();
    }

    @Override
    public java.time.Instant instant() {
      return start.plusMillis(STEP_MILLIS * reads.getAndIncrement());
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static RepoLock acquire(Path lockFile, Duration wait, Consumer<Long> onWait) {
    return RepoLock.acquire(lockFile, wait, Clock.systemUTC(), onWait);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jimfs", "disk"})
  void acquire_whenFree_createsLockFileHoldingPid(String where) throws IOException {
    Path file = lockFile(where);
    try (RepoLock lock = acquire(file, WAIT, pid -> { throw new AssertionError("waited for " + pid); })) {
      assertEquals(PID + "\n", Files.readString(file));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jimfs", "disk"})
  void acquire_whenHeldByAnotherThread_waitsThenThrowsLockedNamingPid(String where) throws Exception {
    Path file = lockFile(where);
    try (RepoLock held = acquire(file, WAIT, IGNORE)) {
      List<Long> toldPids = new CopyOnWriteArrayList<>();
      SteppingClock clock = new SteppingClock();
      Future<?> second = other.submit(() -> RepoLock.acquire(file, WAIT, clock, toldPids::add));

      ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(30, TimeUnit.SECONDS));

      LockedException locked = assertInstanceOf(LockedException.class, e.getCause());
      assertEquals(PID, locked.holderPid());
      assertTrue(locked.getMessage().contains("(PID " + PID + ")"), locked.getMessage());
      // It kept trying until its own clock said the wait was over: the deadline is read, then
      // every try reads the clock once more, each read 50 ms on.
      assertTrue(clock.reads() > WAIT.toMillis() / SteppingClock.STEP_MILLIS, "gave up after " + clock.reads() + " clock reads");
      assertEquals(List.of(PID), toldPids);
      assertEquals(PID + "\n", Files.readString(file));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jimfs", "disk"})
  void acquire_afterRelease_canBeRetakenByAnotherThread(String where) throws Exception {
    Path file = lockFile(where);
    acquire(file, WAIT, IGNORE).close();
    Future<?> second = other.submit(() -> acquire(file, WAIT, IGNORE).close());
    second.get(10, TimeUnit.SECONDS);
    try (RepoLock again = acquire(file, Duration.ZERO, IGNORE)) {
      assertEquals(PID + "\n", Files.readString(file));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jimfs", "disk"})
  void acquire_whenReleasedWhileWaiting_getsLock(String where) throws Exception {
    Path file = lockFile(where);
    RepoLock held = acquire(file, WAIT, IGNORE);
    CountDownLatch waiting = new CountDownLatch(1);
    Future<?> second = other.submit(() -> {
      acquire(file, Duration.ofSeconds(10), pid -> waiting.countDown()).close();
      return null;
    });
    assertTrue(waiting.await(10, TimeUnit.SECONDS), "second thread never waited");
    held.close();
    second.get(10, TimeUnit.SECONDS);
  }

  @Test
  void acquire_whenHeldByAnotherProcess_throwsLockedNamingThatPid() throws Exception {
    Path file = lockFile("disk");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolder.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("locked", out.readLine());
      List<Long> toldPids = new CopyOnWriteArrayList<>();

      LockedException e = assertThrows(LockedException.class, () -> acquire(file, WAIT, toldPids::add));

      assertEquals(holder.pid(), e.holderPid());
      assertTrue(e.getMessage().contains("(PID " + holder.pid() + ")"), e.getMessage());
      assertEquals(List.of(holder.pid()), toldPids);
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
    }
    // The holder has exited, so the OS has dropped its lock.
    acquire(file, Duration.ZERO, IGNORE).close();
  }
}
