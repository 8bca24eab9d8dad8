package io.mlctl.core.io;

import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes small files so that a reader, or a process killed at any instant, sees either the old or
 * the new content and never a mix: the bytes go to a temporary sibling, are forced to disk, and
 * the sibling is renamed over the target in one atomic step.
 *
 * <p>Temporary siblings are named {@code .NAME.mlctl-tmp-RANDOM}; a write first removes any left
 * behind by an earlier write of the same file that was killed. Thread-safe for distinct targets.
 */
public final class AtomicFiles {
  private static final String TMP_MARK = ".mlctl-tmp-";

  private AtomicFiles() {}

  public static void writeString(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] bytes) {
    write(target, bytes, true);
  }

  /**
   * Like {@link #writeString}, without forcing the bytes to disk: for caches, where losing the
   * newest content to a power cut only costs recomputing it, and an fsync per file would stall
   * every other write of the file system.
   */
  public static void writeStringUnforced(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8), false);
  }

  /** How many times a write starts over when a concurrent writer's clean-up took its temporary file. */
  private static final int ATTEMPTS = 5;

  private static void write(Path target, byte[] bytes, boolean force) {
    Path dir = target.toAbsolutePath().getParent();
    String name = target.getFileName().toString();
    try {
      // Checked first: createDirectories on a folder that exists costs two exceptions.
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
      for (int attempt = 1; ; attempt++) {
        removeStaleTemps(dir, name);
        try {
          writeOnce(dir, name, target, bytes, force);
          return;
        } catch (java.nio.file.NoSuchFileException tempTaken) {
          // Writers of a cache (status, for one) take no lock, and each clears the temporary
          // siblings of the file before it writes: another one's clean-up removed ours. Its own
          // write lands whole; ours starts over.
          if (attempt == ATTEMPTS) {
            throw tempTaken;
          }
        }
      }
    } catch (IOException e) {
      throw StorageException.of("write", target, e);
    }
  }

  private static void writeOnce(Path dir, String name, Path target, byte[] bytes, boolean force) throws IOException {
    Path tmp = dir.resolve("." + name + TMP_MARK + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        // The rename must not reach the disk before the bytes do, or a crash leaves an empty file.
        if (force) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** True when {@code name} is a temporary sibling written by this class. */
  public static boolean isTemp(String name) {
    return name.startsWith(".") && name.contains(TMP_MARK);
  }

  /**
   * Removes the temporary siblings a killed write of {@code target} left behind. Only for a
   * caller that holds the repository lock, or that writes {@code target} itself.
   */
  public static void removeStaleTemps(Path target) {
    try {
      removeStaleTemps(target.toAbsolutePath().getParent(), target.getFileName().toString());
    } catch (java.nio.file.NoSuchFileException absent) {
      // no folder, no leftovers
    } catch (IOException e) {
      throw StorageException.of("clean temporary files beside", target, e);
    }
  }

  private static void removeStaleTemps(Path dir, String name) throws IOException {
    String prefix = "." + name + TMP_MARK;
    // A prefix test, not a glob: the name may hold '[', '{' or '*', which a glob would parse.
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(prefix))) {
      for (Path p : stale) {
        removeLeftover(p);
      }
    }
  }

  /**
   * A fresh temporary sibling of {@code target} ({@code .NAME.mlctl-tmp-RANDOM}), not created: a
   * file or a folder that a killed write leaves for {@link #removeStaleTemps} and work-tree walks
   * to recognise as a leftover, never as data.
   */
  public static Path tempSibling(Path target) {
    return target.resolveSibling("." + target.getFileName() + TMP_MARK + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  /**
   * Removes a temporary file, or a temporary folder with everything in it (a checkout killed
   * while filling it), following no links: a link inside is removed, never what it points to.
   */
  public static void removeLeftover(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException failed) throws IOException {
          if (failed != null) {
            throw failed;
          }
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
      return;
    }
    Files.deleteIfExists(p);
  }
}
