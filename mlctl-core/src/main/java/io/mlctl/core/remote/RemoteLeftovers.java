package io.mlctl.core.remote;

import io.mlctl.core.RemoteException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds and removes the temporary files that unfinished uploads (a push killed mid-copy) left on a
 * remote. A file still being written by a push that runs now, on this machine or another, looks
 * the same by its name; what tells them apart is that an upload under way writes its file all the
 * time, so only files nobody has written for a while are removed.
 */
public final class RemoteLeftovers {
  /**
   * How long a push waits before it takes a leftover beside the objects it sends for abandoned:
   * far longer than any pause between two writes of a live upload, with room for clocks that differ
   * between the machines sharing a mounted remote.
   */
  public static final Duration PUSH_AGE = Duration.ofMinutes(10);

  /**
   * How long {@code gc -r} waits: asked for by the user, so shorter, yet a push that runs now keeps
   * its file.
   */
  public static final Duration CLEAN_AGE = Duration.ofMinutes(1);

  private RemoteLeftovers() {}

  /**
   * What a clean-up found.
   *
   * @param removed the leftovers removed (or, on a dry run, that would be)
   * @param kept the leftovers written too recently to be taken for abandoned
   * @param bytes the size of {@code removed}
   * @param dryRun whether nothing was removed
   */
  public record Result(List<RemoteStore.Leftover> removed, List<RemoteStore.Leftover> kept, long bytes, boolean dryRun) {}

  /** Every leftover on the remote, by path. */
  public static List<RemoteStore.Leftover> list(RemoteStore remote) {
    try {
      return remote.leftovers();
    } catch (IOException e) {
      throw new RemoteException("cannot list the temporary files on remote '" + remote.name() + "': " + describe(e), null, e);
    }
  }

  /**
   * Removes the leftovers on the whole remote that nobody has written for {@code age}.
   *
   * @param now the time to measure their age from
   */
  public static Result clean(RemoteStore remote, Instant now, Duration age, boolean dryRun) {
    List<RemoteStore.Leftover> found = list(remote);
    List<RemoteStore.Leftover> removed = new ArrayList<>();
    List<RemoteStore.Leftover> kept = new ArrayList<>();
    long bytes = 0;
    for (RemoteStore.Leftover l : found) {
      if (!abandoned(l, now, age)) {
        kept.add(l);
        continue;
      }
      try {
        if (dryRun || remote.removeLeftover(l)) {
          removed.add(l);
          bytes += l.size();
        }
      } catch (IOException e) {
        throw new RemoteException("cannot remove '" + l.path() + "' from remote '" + remote.name() + "': " + describe(e),
            null, e);
      }
    }
    return new Result(List.copyOf(removed), List.copyOf(kept), bytes, dryRun);
  }

  /**
   * What a push does before it sends {@code hashes}: removes the leftovers beside their places
   * that nobody has written for {@link #PUSH_AGE}, which a push of the same objects killed
   * earlier left. Best effort: a leftover that cannot be removed stays for {@code status -r} to
   * show, and never fails the push.
   *
   * @return the leftovers removed
   */
  static List<RemoteStore.Leftover> cleanBeforePush(RemoteStore remote, Collection<String> hashes, Instant now) {
    List<RemoteStore.Leftover> removed = new ArrayList<>();
    try {
      for (RemoteStore.Leftover l : remote.leftoversNear(hashes)) {
        if (abandoned(l, now, PUSH_AGE) && remote.removeLeftover(l)) {
          removed.add(l);
        }
      }
    } catch (IOException e) {
      // The push's own uploads say clearly what is wrong with the remote, if anything is.
    }
    return List.copyOf(removed);
  }

  private static boolean abandoned(RemoteStore.Leftover l, Instant now, Duration age) {
    return !l.modified().isAfter(now.minus(age));
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException d) {
      return d.getFile() + ": permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : "an I/O error";
  }
}
