package io.mlctl.core.repo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A separate process for {@link RepoLockTest}: takes the lock on the file named by its argument,
 * prints "locked", and holds it until its stdin closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    try (RepoLock lock = RepoLock.acquire(Path.of(args[0]), Duration.ZERO, Clock.systemUTC(), pid -> { })) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the test closes our stdin
      }
    }
  }
}
