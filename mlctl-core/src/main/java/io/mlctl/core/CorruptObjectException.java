package io.mlctl.core;

/** A cached or fetched object whose bytes do not hash to its name. Its bytes are never used. */
public final class CorruptObjectException extends MlctlException {
  private static final long serialVersionUID = 1L;

  private final String hash;

  public CorruptObjectException(String hash, String where, String actual) {
    super("object " + hash + " in " + where + " is damaged (its bytes hash to " + actual + ")",
        "run 'mlctl fsck' to list damaged objects; restore them with 'mlctl fsck --repair' or re-add the data");
    this.hash = hash;
  }

  /** A damaged object found by re-hashing, where what it hashes to is beside the point. */
  public static CorruptObjectException found(String hash, String where) {
    return new CorruptObjectException(hash, where);
  }

  private CorruptObjectException(String hash, String where) {
    super("object " + hash + " in " + where + " is damaged (its bytes no longer hash to its name)",
        "run 'mlctl fsck' to list damaged objects; restore them with 'mlctl fsck --repair' or re-add the data");
    this.hash = hash;
  }

  public String hash() {
    return hash;
  }
}
