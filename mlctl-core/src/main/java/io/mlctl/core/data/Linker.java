package io.mlctl.core.data;

import io.mlctl.core.CorruptObjectException;
import io.mlctl.core.StorageException;
import io.mlctl.core.state.FileStat;
import io.mlctl.core.store.Cloner;
import io.mlctl.core.store.ObjectStore;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts cached objects into the work tree with the first {@code cache.type} strategy that works on
 * this file system: reflink (a copy-on-write clone), hardlink, symlink or copy. Every object is
 * verified before it is placed. Hard- and symlinked files are read-only, so nobody edits the cache
 * through them. Thread-safe.
 */
final class Linker {
  private final ObjectStore store;
  private final List<String> types;
  private volatile Boolean reflinkWorks;
  private volatile Boolean hardlinkWorks;

  Linker(ObjectStore store, List<String> types) {
    this.store = store;
    this.types = types;
  }

  /** Whether placed files are links into the cache (so the work-tree copy must not be edited). */
  boolean links() {
    String first = firstWorking();
    return first.equals("hardlink") || first.equals("symlink");
  }

  /** Places object {@code hash} at {@code target}, replacing what is there; returns the strategy. */
  String place(String hash, Path target) {
    String type = firstWorking();
    try {
      switch (type) {
        case "hardlink" -> {
          verify(hash);
          Path t = ObjectStore.tempBeside(target);
          try {
            Files.createLink(t, store.path(hash));
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (java.nio.file.FileSystemException otherFileSystem) {
            if (!crossDevice(otherFileSystem)) {
              throw otherFileSystem;
            }
            // The work tree is on another file system than the cache: a copy, as DVC falls back.
            store.copyOut(hash, target);
            return "copy";
          } finally {
            Files.deleteIfExists(t);
          }
        }
        case "symlink" -> {
          verify(hash);
          Path t = ObjectStore.tempBeside(target);
          try {
            Files.createSymbolicLink(t, store.path(hash).toAbsolutePath());
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } finally {
            Files.deleteIfExists(t);
          }
        }
        case "reflink" -> store.copyOut(hash, target, Cloner.CP);
        default -> store.copyOut(hash, target);
      }
      return type;
    } catch (IOException e) {
      throw StorageException.of("check out", target, e);
    }
  }

  /**
   * Under {@code hardlink} or {@code symlink}, moves a work-tree file into the cache instead of
   * copying it: one read to hash it, then the file itself becomes the object (a hard link, then a
   * rename in the cache) and, under {@code symlink}, its path a link to the object. A file whose
   * object the cache already holds is linked to that object, as {@link #place} does.
   *
   * @param stat the file's stat before it was read
   * @return the object, or null when the file cannot be moved (the cache is on another file
   *     system, or the file changed while it was read): the caller copies it
   */
  ObjectStore.Inserted adopt(Path file, FileStat stat) throws IOException {
    String hash = io.mlctl.core.store.Sha256.of(file);
    java.util.function.BooleanSupplier unchanged = () -> {
      try {
        return statOf(file).equals(stat);
      } catch (IOException gone) {
        return false;
      }
    };
    if (!unchanged.getAsBoolean()) {
      return null;
    }
    ObjectStore.Inserted ins = store.adopt(file, hash, stat.size(), unchanged);
    if (ins == null) {
      return null;
    }
    if (!ins.written()) {
      place(hash, file);
    } else if (firstWorking().equals("symlink")) {
      // The object is the file's inode, hashed a moment ago: only the path changes.
      Path t = ObjectStore.tempBeside(file);
      try {
        Files.createSymbolicLink(t, store.path(hash).toAbsolutePath());
        Files.move(t, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(t);
      }
    }
    return ins;
  }

  /** How files going into the cache are cloned: by cp when reflinks work here, else not at all. */
  Cloner cloner() {
    return firstWorking().equals("reflink") ? Cloner.CP : Cloner.NONE;
  }

  /**
   * Places object {@code hash} at {@code target}, a new path in a folder nobody reads yet (one
   * that is renamed into place when whole): no temporary sibling, no rename. The object is
   * verified first, as by {@link #place}.
   *
   * @throws java.nio.file.NoSuchFileException when the cache lacks the object
   */
  void placeNew(String hash, long size, Path target) throws IOException {
    switch (firstWorking()) {
      case "hardlink" -> {
        if (!store.contains(hash)) {
          throw new java.nio.file.NoSuchFileException(store.path(hash).toString());
        }
        verify(hash);
        Files.createLink(target, store.path(hash));
      }
      case "symlink" -> {
        if (!store.contains(hash)) {
          throw new java.nio.file.NoSuchFileException(store.path(hash).toString());
        }
        verify(hash);
        Files.createSymbolicLink(target, store.path(hash).toAbsolutePath());
      }
      default -> store.writeNew(hash, size, target);
    }
  }

  /** Replaces a link into the cache with a writable copy of the same bytes. */
  static void unprotect(ObjectStore store, String hash, Path target) {
    store.copyOut(hash, target);
    try {
      ObjectStore.makeWritable(target);
    } catch (IOException e) {
      throw StorageException.of("make writable", target, e);
    }
  }

  /** Whether a failed link crossed file systems (the kernel's EXDEV), so a copy is the way. */
  static boolean crossDevice(java.nio.file.FileSystemException e) {
    String reason = String.valueOf(e.getReason());
    return reason.contains("cross-device") || reason.contains("EXDEV");
  }

  private void verify(String hash) {
    if (store.verifiedHere(hash)) {
      // hashed by this process a moment ago (a pull's fetch, an add): the link needs no second read
      return;
    }
    if (!store.verify(hash)) {
      throw CorruptObjectException.found(hash, "the cache");
    }
  }

  private String firstWorking() {
    for (String t : types) {
      switch (t) {
        case "reflink":
          if (reflinkSupported()) {
            return "reflink";
          }
          break;
        case "hardlink":
          if (hardlinkSupported()) {
            return "hardlink";
          }
          break;
        case "symlink":
          if (store.root().getFileSystem() == FileSystems.getDefault()) {
            return "symlink";
          }
          break;
        default:
          return "copy";
      }
    }
    return "copy";
  }

  /** Asks once whether this file system clones: `cp --reflink=always` on a scratch file. */
  private boolean reflinkSupported() {
    Boolean known = reflinkWorks;
    if (known != null) {
      return known;
    }
    boolean works = false;
    if (store.root().getFileSystem() == FileSystems.getDefault()) {
      Path a = store.newTemp();
      Path b = store.newTemp();
      try {
        Files.write(a, new byte[] {1});
        Process p = new ProcessBuilder("cp", "--reflink=always", a.toString(), b.toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        works = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        works = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        deleteQuietly(a);
        deleteQuietly(b);
      }
    }
    reflinkWorks = works;
    return works;
  }

  private boolean hardlinkSupported() {
    Boolean known = hardlinkWorks;
    if (known != null) {
      return known;
    }
    Path a = store.newTemp();
    Path b = store.newTemp();
    boolean works;
    try {
      Files.write(a, new byte[] {1});
      Files.createLink(b, a);
      works = true;
    } catch (IOException | UnsupportedOperationException e) {
      works = false;
    } finally {
      deleteQuietly(a);
      deleteQuietly(b);
    }
    hardlinkWorks = works;
    return works;
  }

  /** The stat a file placed now has, for the hash cache. */
  static FileStat statOf(Path target) throws IOException {
    return FileStat.of(Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class));
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // scratch files in .mlctl/tmp are removed by the next writer anyway
    }
  }
}
