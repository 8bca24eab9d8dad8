package io.mlctl.core.lineage;

/** What a node of a lineage stands for. */
public enum NodeKind {
  /** A prediction the server answered, from its request log. */
  REQUEST,
  /** A registered version, {@code NAME@vN}. */
  MODEL_VERSION,
  /** A model file in the work tree, with its card beside it. */
  MODEL_FILE,
  /** A line of the registry's audit trail. */
  AUDIT_ENTRY,
  /** The model's bytes, by SHA-256. */
  ARTIFACT,
  /** The model card, by SHA-256. */
  CARD,
  /** A stage of the pipeline, as {@code mlctl.lock} records its last run. */
  STAGE,
  /** A data file or directory, by path and SHA-256. */
  DATA,
  /** A Git commit. */
  COMMIT,
  /** An experiment run record. */
  RUN;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
