package io.mlctl.core.status;

import java.util.List;

/**
 * What {@code mlctl status} found: tracked data that differs from its pointer, and pipeline stages
 * that would run again. Immutable.
 */
public record StatusResult(List<ChangedPath> changed, List<StageState> stages) {
  public StatusResult {
    changed = List.copyOf(changed);
    stages = List.copyOf(stages);
  }

  /** Whether everything matches: nothing changed, no stage stale. */
  public boolean clean() {
    return changed.isEmpty() && stages.stream().noneMatch(StageState::stale);
  }

  /** How a tracked path differs from what its pointer records. */
  public enum State {
    MODIFIED("modified"), DELETED("deleted"), NOT_IN_CACHE("not-in-cache"), NEW("new");

    private final String label;

    State(String label) {
      this.label = label;
    }

    /** The words the text output uses. */
    public String label() {
      return label;
    }

    /** The value {@code --json} uses: snake_case, as every enumerated value in JSON is. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A tracked path (relative to the root, '/'-separated) and how it differs. */
  public record ChangedPath(String path, State state) {}

  /** A pipeline stage and why it would run again. */
  public record StageState(String name, boolean stale, List<String> reasons) {
    public StageState {
      reasons = List.copyOf(reasons);
    }
  }
}
