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

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private RepoLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
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
      while (!HELD.add(key)) {
        tell.accept(ProcessHandle.current().pid());
        if (!clock.instant().isBefore(deadline)) {
          throw new LockedException(lockFile, ProcessHandle.current().pid(), wait.toSeconds());
        }
        Thread.sleep(POLL.toMillis());
      }
      Files.createDirectories(lockFile.getParent());
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      while (true) {
        FileLock l = ch.tryLock();
        if (l != null) {
          writePid(ch);
          return new RepoLock(key, ch, l);
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
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close below releases it as well
    }
    closeQuietly(channel);
    HELD.remove(key);
  }
}
