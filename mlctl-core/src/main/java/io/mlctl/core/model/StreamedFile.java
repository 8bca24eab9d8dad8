package io.mlctl.core.model;

import io.mlctl.core.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written through a temporary sibling and renamed into place on {@link #commit()}, so a
 * reader never sees half of it and a failure or kill leaves the old file (or none). Closing
 * without committing deletes the temporary file. The temporary name follows
 * {@code io.mlctl.core.io.AtomicFiles}, whose next write of the same target removes leftovers.
 */
public final class StreamedFile implements AutoCloseable {
  private final Path target;
  private final Path tmp;
  private boolean committed;

  private StreamedFile(Path target, Path tmp) {
    this.target = target;
    this.tmp = tmp;
  }

  public static StreamedFile create(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      io.mlctl.core.io.AtomicFiles.removeStaleTemps(target);
    } catch (IOException e) {
      throw StorageException.of("create the folder of", target, e);
    }
    String name = target.getFileName().toString();
    Path tmp = dir.resolve("." + name + ".mlctl-tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    return new StreamedFile(target, tmp);
  }

  /** The temporary file to write. */
  public Path temp() {
    return tmp;
  }

  public OutputStream open() {
    try {
      return Files.newOutputStream(tmp);
    } catch (IOException e) {
      throw StorageException.of("write", target, e);
    }
  }

  public Path target() {
    return target;
  }

  public void commit() {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      committed = true;
    } catch (IOException e) {
      throw StorageException.of("write", target, e);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a leftover temporary file is removed by the next write of the same target
      }
    }
  }
}
