package io.mlctl.core.repo;

import io.mlctl.core.LockedException;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The repository's write lock: an OS lock on {@code .mlctl/tmp/lock}, so a crashed holder never
 * leaves it behind (the OS releases it with the process). The holder writes its PID into the file
 * so a waiting process can say who holds it. Only commands that write take it.
 */
public final class RepoLock implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  /**
   * Lock files held by this JVM. POSIX locks belong to the process, and closing any channel on the
   * file drops them, so threads of one process must queue here and never touch a held file.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  /** Guards {@link #HELD} against {@link #stamp} reading the file as this JVM takes it. */
  private static final Object TAKING = new Object();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private final String previous;

  private RepoLock(Path key, FileChannel channel, FileLock lock, String previous) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.previous = previous;
  }

  /**
   * The lock file as the last holder left it (its stat data and the PID it wrote), as seen the
   * moment this lock was taken: equal to a {@link #stamp} taken earlier exactly when no other
   * writer took the lock in between.
   */
  public String previousStamp() {
    return previous;
  }

  /**
   * The lock file's stat data and contents now, or empty while this JVM holds or is taking the
   * lock (reading it then could drop the lock: POSIX locks die with any channel closed on them).
   * Every writer rewrites the file when it takes the lock, so an unchanged stamp means no writer
   * came in between.
   */
  public static java.util.Optional<String> stamp(Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    synchronized (TAKING) {
      if (HELD.contains(key)) {
        return java.util.Optional.empty();
      }
      try {
        byte[] bytes = Files.readAllBytes(lockFile);
        return java.util.Optional.of(stampOf(lockFile, bytes));
      } catch (java.nio.file.NoSuchFileException absent) {
        return java.util.Optional.of("absent");
      } catch (IOException e) {
        return java.util.Optional.empty();
      }
    }
  }

  /**
   * Who holds the lock, found without taking it or waiting (for {@code mlctl doctor}): the PID the
   * holder wrote into the file, while that process lives; empty when the lock is free. A killed
   * holder leaves its PID behind, but the OS dropped its lock with it, so a dead PID reads as free.
   * (A PID the OS has since given to another process would read as held: the file cannot tell.)
   */
  public static java.util.Optional<Long> holder(Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    byte[] bytes;
    synchronized (TAKING) {
      if (HELD.contains(key)) {
        // this JVM holds or is taking it; reading the file now could drop the lock
        return java.util.Optional.of(pid());
      }
      try {
        bytes = Files.readAllBytes(lockFile);
      } catch (java.nio.file.NoSuchFileException absent) {
        return java.util.Optional.empty();
      } catch (IOException e) {
        throw StorageException.of("read", lockFile, e);
      }
    }
    String text = new String(bytes, StandardCharsets.US_ASCII).trim();
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
  }

  private static String stampOf(Path lockFile, byte[] bytes) throws IOException {
    java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(lockFile,
        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    return a.size() + ":" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + ":" + a.fileKey() + ":"
        + new String(bytes, StandardCharsets.US_ASCII).trim();
  }

  /** The stamp of a file just locked, read through its channel, or "absent" if this open created it. */
  private static String stampThrough(Path lockFile, FileChannel ch, boolean existed) throws IOException {
    if (!existed) {
      return "absent";
    }
    ByteBuffer buf = ByteBuffer.allocate(64);
    ch.read(buf, 0);
    return stampOf(lockFile, java.util.Arrays.copyOf(buf.array(), buf.position()));
  }

  /**
   * Takes the lock, waiting up to {@code wait} for another holder.
   *
   * @param onWait told once, with the holder's PID (or -1), when the lock is busy
   * @throws LockedException when the lock is still held after {@code wait}
   */
  public static RepoLock acquire(Path lockFile, Duration wait, Clock clock, Consumer<Long> onWait) {
    Path key = lockFile.toAbsolutePath().normalize();
    Instant deadline = clock.instant().plus(wait);
    boolean[] told = {false};
    Consumer<Long> tell = pid -> {
      if (!told[0]) {
        told[0] = true;
        onWait.accept(pid);
      }
    };
    FileChannel ch = null;
    try {
      while (!held(key)) {
        tell.accept(ProcessHandle.current().pid());
        if (!clock.instant().isBefore(deadline)) {
          throw new LockedException(lockFile, ProcessHandle.current().pid(), wait.toSeconds());
        }
        Thread.sleep(POLL.toMillis());
      }
      Files.createDirectories(lockFile.getParent());
      boolean existed = Files.exists(lockFile, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      while (true) {
        FileLock l = ch.tryLock();
        if (l != null) {
          // After a wait another writer came in between, whatever the file says now.
          String previous = told[0] ? "waited" : stampThrough(lockFile, ch, existed);
          writePid(ch);
          return new RepoLock(key, ch, l, previous);
        }
        long holder = readPid(ch);
        tell.accept(holder);
        if (!clock.instant().isBefore(deadline)) {
          throw new LockedException(lockFile, holder, wait.toSeconds());
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(ch);
      HELD.remove(key);
      throw StorageException.of("lock", lockFile, e instanceof IOException io ? io : new IOException(e));
    } catch (InterruptedException e) {
      closeQuietly(ch);
      HELD.remove(key);
      Thread.currentThread().interrupt();
      throw new LockedException(lockFile, -1, 0);
    } catch (LockedException e) {
      if (ch != null) {
        closeQuietly(ch);
        HELD.remove(key);
      }
      throw e;
    }
  }

  private static boolean held(Path key) {
    synchronized (TAKING) {
      return HELD.add(key);
    }
  }

  // Not forced to disk: the PID only names the holder to a waiting process, and after a crash
  // no process holds the lock, whatever the file says.
  private static void writePid(FileChannel ch) throws IOException {
    byte[] pid = (pid() + "\n").getBytes(StandardCharsets.US_ASCII);
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(pid), 0);
  }

  /** This process's id: from /proc where there is one, which spares a short writer ProcessHandle's start-up. */
  static long pid() {
    try {
      return Long.parseLong(Path.of("/proc/self").toRealPath().getFileName().toString());
    } catch (IOException | RuntimeException noProc) {
      return ProcessHandle.current().pid();
    }
  }

  /** Reads through the channel already open: opening a second one could drop the lock. */
  private static long readPid(FileChannel ch) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      ch.read(buf, 0);
      String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
      return s.isEmpty() ? -1 : Long.parseLong(s);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing after a failure: the first error is the one to report
      }
    }
  }

  @Override
  public void close() {
    // Emptied on release as it is rewritten on every take, so a stamp tells any writer that came
    // and went, even one that held the lock when the stamp was taken.
    try {
      channel.truncate(0);
    } catch (IOException ignored) {
      // cannot happen on a file held open for writing short of a failing disk, which the lock
      // file's next write reports
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close below releases it as well
    }
    closeQuietly(channel);
    HELD.remove(key);
  }
}
