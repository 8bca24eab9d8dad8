package io.mlctl.core.pipeline;

import io.mlctl.core.data.Tracked;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PathSafety;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cached outputs of the pipeline as {@code mlctl.lock} records them: data like a pointer's,
 * kept by the lock instead. {@code push}, {@code pull}, {@code fetch} and {@code checkout} without
 * targets move them with the pointers' data, as DVC does with {@code dvc.lock}. Outputs marked
 * {@code cache: false} (metrics, say) are left to Git.
 */
public final class PipelineOutputs {
  private PipelineOutputs() {}

  /** Every cached output of every stage that has a lock entry, in the lock's stage order. */
  public static List<Tracked> of(Workspace ws) {
    Path lockPath = ws.layout().pipelineLock();
    if (!Files.isRegularFile(lockPath)) {
      return List.of();
    }
    Map<String, LockEntry> lock = new LockFile(ws.root()).read();
    Set<String> cached = new HashSet<>();
    for (Stage s : new PipelineFile(ws.root()).read().stages()) {
      for (Stage.Out o : s.outs()) {
        if (o.cache()) {
          cached.add(s.name() + "\0" + PathRules.checkOut(s, o.path()));
        }
      }
    }
    List<Tracked> out = new ArrayList<>();
    for (Map.Entry<String, LockEntry> e : lock.entrySet()) {
      for (Output o : e.getValue().outs()) {
        if (cached.contains(e.getKey() + "\0" + o.path())) {
          Path data = ws.root().resolve(o.path()).normalize();
          PathSafety.checkInside(ws.root(), data, ws.rel(lockPath));
          out.add(new Tracked(lockPath, o, data, o.path()));
        }
      }
    }
    return out;
  }
}
