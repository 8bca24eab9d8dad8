package io.mlctl.core.metrics;

import io.mlctl.core.repo.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code metrics diff} and {@code params diff}: the values of two snapshots compared key by key.
 * Default: HEAD against the work tree. Read-only; takes no lock.
 */
public final class MetricsDiff {
  private final Project project;

  public MetricsDiff(Project project) {
    this.project = project;
  }

  /**
   * @param changes file to key to change
   * @param notes files that could not be read on either side
   */
  public record Result(String a, String b, Map<String, Map<String, Change>> changes, List<String> notes) {}

  /** What is compared: metrics or parameters. */
  public enum Kind { METRICS, PARAMS }

  public Result call(Kind kind, Optional<String> revA, Optional<String> revB, List<String> targets, boolean all) {
    BiFunction<Snapshot, List<String>, Values> read = kind == Kind.METRICS ? Values::metrics : Values::params;
    try (Snapshot a = Snapshot.at(project, revA.orElse("HEAD"));
        Snapshot b = revB.isPresent() ? Snapshot.at(project, revB.get()) : Snapshot.workTree(project)) {
      Values va = read.apply(a, targets);
      Values vb = read.apply(b, targets);
      List<String> notes = new ArrayList<>(va.notes());
      notes.addAll(vb.notes());
      return new Result(a.name(), b.name(), Changes.between(va.files(), vb.files(), all), notes);
    }
  }

  /** {@code metrics show} / {@code params show}: the values of one snapshot. */
  public Values show(Kind kind, Optional<String> rev, List<String> targets) {
    try (Snapshot s = rev.isPresent() ? Snapshot.at(project, rev.get()) : Snapshot.workTree(project)) {
      return kind == Kind.METRICS ? Values.metrics(s, targets) : Values.params(s, targets);
    }
  }
}
