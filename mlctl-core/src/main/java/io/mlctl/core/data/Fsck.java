package io.mlctl.core.data;

import io.mlctl.core.util.ByteMeter;
import io.mlctl.core.util.Parallel;
import io.mlctl.core.util.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mlctl fsck}: re-hashes every cached object and names those whose bytes no longer hash to
 * their name. Read-only: it takes no lock and changes nothing.
 */
public final class Fsck {
  private final Workspace ws;
  private Progress progress = Progress.NONE;

  public Fsck(Workspace ws) {
    this.ws = ws;
  }

  public Fsck progress(Progress p) {
    this.progress = p;
    return this;
  }

  public record Result(long checked, List<String> damaged) {
    public boolean ok() {
      return damaged.isEmpty();
    }
  }

  public Result call() {
    List<String> all = ws.store().list();
    long bytes = 0;
    for (String h : all) {
      bytes += Math.max(0, ws.store().size(h));
    }
    progress.start("Checking objects", all.size(), bytes);
    List<Boolean> ok = Parallel.map(all, ws.threads(),
        h -> ByteMeter.file(progress, Math.max(0, ws.store().size(h)), () -> ws.store().verify(h)));
    progress.done();
    List<String> damaged = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (!ok.get(i)) {
        damaged.add(all.get(i));
      }
    }
    damaged.sort(null);
    return new Result(all.size(), damaged);
  }
}
