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
    Map<String, String> a = r.filesAt(revA.orElse("HEAD"));
    Map<String, String> b = revB.isPresent() ? r.filesAt(revB.get()) : r.filesNow();
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
