package io.mlctl.core;

import java.nio.file.Path;

/** Another mlctl process holds the repository's write lock for longer than the caller would wait. */
public final class LockedException extends MlctlException {
  private static final long serialVersionUID = 1L;

  private final long holderPid;

  public LockedException(Path lockFile, long holderPid, long waitedSeconds) {
    super("the repository is locked by another mlctl process"
            + (holderPid > 0 ? " (PID " + holderPid + ")" : "")
            + "; waited " + waitedSeconds + "s on " + lockFile,
        "wait for it to finish, or raise core.lock_wait");
    this.holderPid = holderPid;
  }

  /** The PID of the process holding the lock, or -1 when it could not be read. */
  public long holderPid() {
    return holderPid;
  }
}
