package io.mlctl.core.metrics;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics and parameters of a {@link Snapshot}: the files the pipeline's stages declare
 * ({@code metrics:} outputs; {@code params:} files, and {@code params.yaml}), or the files named,
 * each flattened. Immutable.
 *
 * @param files file path to flat key to value, in the order the pipeline names the files
 * @param notes files that could not be read and why (absent, or a cached output not in the cache)
 */
public record Values(Map<String, Map<String, Object>> files, List<String> notes) {
  public Values {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    notes = List.copyOf(notes);
  }

  /**
   * The metrics files of a snapshot.
   *
   * @param targets files named by the user (project-relative); empty for the pipeline's own
   * @throws BadInputException for a named file that does not exist, or any malformed file
   */
  public static Values metrics(Snapshot s, List<String> targets) {
    List<String> paths = targets.isEmpty() ? declared(s, Stage.OutKind.METRIC) : targets;
    Map<String, Map<String, Object>> files = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (String p : paths) {
      Snapshot.Read r = s.read(p);
      switch (r.found()) {
        case FOUND -> files.put(p, DataFiles.metrics(r.text(), p, s.shown(p)));
        case NOT_IN_CACHE -> notes.add(s.shown(p) + ": not in the cache (mlctl pull fetches it)");
        case ABSENT -> {
          if (!targets.isEmpty() && s.isWorkTree()) {
            throw new BadInputException(p + ": no such file", null);
          }
          notes.add(s.shown(p) + ": missing");
        }
      }
    }
    return new Values(files, notes);
  }

  /** The parameter files of a snapshot, every key of each. */
  public static Values params(Snapshot s, List<String> targets) {
    Set<String> paths = new LinkedHashSet<>(targets);
    if (targets.isEmpty()) {
      if (s.text(PipelineFile.DEFAULT_PARAMS).isPresent()) {
        paths.add(PipelineFile.DEFAULT_PARAMS);
      }
      for (Stage st : s.pipeline().stages()) {
        st.params().forEach(p -> paths.add(p.file()));
      }
    }
    Map<String, Map<String, Object>> files = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (String p : paths) {
      Snapshot.Read r = s.read(p);
      if (r.found() == Snapshot.Found.FOUND) {
        files.put(p, Flatten.all(DataFiles.parseMap(r.text(), p, s.shown(p))));
      } else if (!targets.isEmpty() && s.isWorkTree()) {
        throw new BadInputException(p + ": no such file", null);
      } else {
        notes.add(s.shown(p) + ": missing");
      }
    }
    return new Values(files, notes);
  }

  /** The outputs of one kind the pipeline declares, each once, in declaration order. */
  static List<String> declared(Snapshot s, Stage.OutKind kind) {
    Set<String> out = new LinkedHashSet<>();
    for (Stage st : s.pipeline().stages()) {
      for (Stage.Out o : st.outs()) {
        if (o.kind() == kind) {
          out.add(o.path());
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** Every file's flat keys as one map; a key two files share is qualified as {@code file:key}. */
  public Map<String, Object> merged() {
    Map<String, Integer> seen = new java.util.HashMap<>();
    files.values().forEach(m -> m.keySet().forEach(k -> seen.merge(k, 1, Integer::sum)));
    Map<String, Object> out = new LinkedHashMap<>();
    files.forEach((f, m) -> m.forEach((k, v) -> out.put(seen.get(k) > 1 ? f + ":" + k : k, v)));
    return out;
  }
}
