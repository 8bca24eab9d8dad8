package io.mlctl.core.dvc;

import java.util.List;

/**
 * What {@code import-dvc} did: every item it converted (or found converted by an earlier run, or
 * left alone because mlctl already records it otherwise), and every item it could not convert,
 * with the reason. Immutable.
 *
 * @param initialised whether this run made the folder an mlctl project
 */
public record DvcImportResult(boolean initialised, List<Converted> converted, List<NotConverted> notConverted) {
  public DvcImportResult {
    converted = List.copyOf(converted);
    notConverted = List.copyOf(notConverted);
  }

  /** Whether everything converted: the command's answer is "yes". */
  public boolean complete() {
    return notConverted.isEmpty();
  }

  /** What kind of thing an item is. */
  public enum Kind { POINTER, STAGE, LOCK_ENTRY, VARS, REMOTE, OPTION, SECTION, FILE, OUTPUT }

  /** What happened to a converted item. */
  public enum State {
    /** Written now. */
    CONVERTED,
    /** Already written, the same, by an earlier run. */
    UNCHANGED,
    /** mlctl already records it differently (a newer add or repro, an edit): left as it is. */
    KEPT
  }

  /**
   * One item converted.
   *
   * @param source the DVC file and, where it matters, the stage or path in it
   * @param target the mlctl file it went to
   * @param note what a user should know (a stage that will run again, say), or null
   */
  public record Converted(Kind kind, String source, String target, State state, String note) {}

  /**
   * One item not converted, and why.
   *
   * @param source the DVC file it is in
   * @param what the item (a stage, an option, a remote)
   */
  public record NotConverted(Kind kind, String source, String what, String reason) {}
}
