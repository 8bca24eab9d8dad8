package io.mlctl.core.data;

import io.mlctl.core.pointer.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code mlctl ls [REV]}: the tracked outputs with hash and size, now or at a revision. Read-only. */
public final class Ls {
  private final Workspace ws;

  public Ls(Workspace ws) {
    this.ws = ws;
  }

  /** One tracked output; {@code path} is from the project root. */
  public record Entry(String path, Output output) {}

  public List<Entry> call(Optional<String> rev) {
    Revisions r = new Revisions(ws);
    List<Entry> out = new ArrayList<>();
    for (Revisions.Listed l : rev.isPresent() ? r.outputsAt(rev.get()) : r.outputsNow()) {
      out.add(new Entry(l.path(), l.output()));
    }
    return out;
  }
}
