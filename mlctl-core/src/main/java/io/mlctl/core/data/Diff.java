package io.mlctl.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mlctl diff [REV_A [REV_B]]}: tracked data that differs between two revisions, file by
 * file inside directories. With one revision, or none (HEAD), the other side is the data in the
 * work tree as it is now. Read-only.
 */
public final class Diff {
  private final Workspace ws;

  public Diff(Workspace ws) {
    this.ws = ws;
  }

  /** Paths from the project root, sorted. */
  public record Result(List<String> added, List<String> deleted, List<String> modified) {
    public boolean empty() {
      return added.isEmpty() && deleted.isEmpty() && modified.isEmpty();
    }
  }

  public Result call(Optional<String> revA, Optional<String> revB) {
    Revisions r = new Revisions(ws);
    Map<String, String> a;
    Map<String, String> b;
    if (revB.isPresent()) {
      a = r.filesAt(revA.orElse("HEAD"));
      b = r.filesAt(revB.get());
    } else {
      // The work tree is hashed while Git's side is read (JGit's classes loading take a fifth of a
      // second): a diff of a changed big file costs about what its hash costs, as a status does.
      java.util.concurrent.FutureTask<Map<String, String>> now = new java.util.concurrent.FutureTask<>(r::filesNow);
      Thread hashing = new Thread(now, "mlctl-diff-worktree");
      hashing.setDaemon(true);
      hashing.start();
      try {
        a = r.filesAt(revA.orElse("HEAD"));
      } catch (RuntimeException | Error e) {
        // Git's error is the one to report, but only once the work tree's hashing has ended: it may
        // be writing the hash cache, which must not be left half-done or outlive the command.
        awaitQuietly(now);
        throw e;
      }
      b = await(now);
    }
    List<String> added = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    for (Map.Entry<String, String> e : b.entrySet()) {
      String old = a.get(e.getKey());
      if (old == null) {
        added.add(e.getKey());
      } else if (!old.equals(e.getValue())) {
        modified.add(e.getKey());
      }
    }
    for (String k : a.keySet()) {
      if (!b.containsKey(k)) {
        deleted.add(k);
      }
    }
    return new Result(added, deleted, modified);
  }

  /** Waits for the task to end, whatever it returns or throws. */
  private static void awaitQuietly(java.util.concurrent.FutureTask<?> task) {
    boolean interrupted = false;
    while (true) {
      try {
        task.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (java.util.concurrent.ExecutionException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The task's result, or what it threw, as if it had run on this thread. */
  private static Map<String, String> await(java.util.concurrent.FutureTask<Map<String, String>> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.mlctl.core.StorageException("interrupted while hashing the work tree", null, e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
