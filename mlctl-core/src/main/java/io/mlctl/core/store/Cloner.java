package io.mlctl.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a copy-on-write clone of a file (a "reflink"): the new file shares the old one's blocks
 * until either is written, so a gigabyte is "copied" without reading or writing it. Only file
 * systems that can (btrfs, XFS, bcachefs, ...) do it; elsewhere {@link #cloneTo} says no and the
 * caller copies.
 */
@FunctionalInterface
public interface Cloner {
  /**
   * Files smaller than this are copied: starting a process costs about what copying a few
   * megabytes does, and small files save little space.
   */
  long MIN_SIZE = 4L << 20;

  /** Never clones. */
  Cloner NONE = (src, dst) -> false;

  /**
   * GNU cp's {@code --reflink=always}: Java 17 has no call for the FICLONE ioctl. A failed clone
   * leaves nothing at {@code dst} that the caller has to keep.
   */
  Cloner CP = (src, dst) -> {
    Process p = new ProcessBuilder("cp", "--reflink=always", "--", src.toString(), dst.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while cloning " + src);
    }
    return p.exitValue() == 0 && Files.isRegularFile(dst);
  };

  /**
   * Clones {@code src} to {@code dst}, which does not exist yet.
   *
   * @return false when this file system (or this pair of files) cannot be cloned; {@code dst} may
   *     then hold a partial file, which the caller deletes
   */
  boolean cloneTo(Path src, Path dst) throws IOException;
}
