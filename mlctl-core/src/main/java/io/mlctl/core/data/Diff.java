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
      String rev = revA.orElse("HEAD");
      List<Map<String, String>> both = io.mlctl.core.util.Parallel.map(List.of(false, true), 2,
          now -> now ? r.filesNow() : r.filesAt(rev));
      a = both.get(0);
      b = both.get(1);
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
}
