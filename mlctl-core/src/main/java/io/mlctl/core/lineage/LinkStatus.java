package io.mlctl.core.lineage;

/**
 * How far a link of a lineage is proven. {@link #VERIFIED}: the bytes or the commit were checked
 * against what the cache, the work tree or Git holds now. {@link #RECORDED}: only written down
 * (a request log line, a run record), with nothing to check it against. {@link #FAILED}: checked,
 * and it does not hold (a hash that differs, an altered audit entry, a commit Git does not have).
 * {@link #MISSING}: what the record names is not there to check (an object absent from the cache).
 */
public enum LinkStatus {
  VERIFIED, RECORDED, FAILED, MISSING;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether a link with this status breaks the lineage ({@code --verify} exits 1). */
  public boolean broken() {
    return this == FAILED || this == MISSING;
  }
}
