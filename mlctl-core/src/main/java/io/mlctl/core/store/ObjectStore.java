package io.mlctl.core.store;

import io.mlctl.core.CorruptObjectException;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The content-addressed object store: the object named {@code abcdef…} (SHA-256, 64 lowercase hex)
 * lives at {@code sha256/ab/cdef…} and holds exactly the bytes that hash to its name.
 *
 * <p>Writes stream into a temporary file in the store's own file system while hashing, then move
 * into place in one atomic rename, so no reader ever sees a partial object under a real name and
 * a kill at any instant leaves at most a temporary file (removed by the next writer). An object
 * that exists is never written again. Bytes leaving the store are verified against the name.
 * Objects are made read-only so links into the work tree cannot edit them. Thread-safe.
 */
public final class ObjectStore {
  private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

  /** A file in the work tree as a plain copy would leave it (rw-r--r--). */
  private static final Set<PosixFilePermission> WRITABLE = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

  private final Path objects;
  private final Path tmp;
  private final Set<String> madeDirs = ConcurrentHashMap.newKeySet();
  /** Objects this process hashed as it wrote or checked them: copying them out needs no new hash. */
  private final Set<String> verifiedHere = ConcurrentHashMap.newKeySet();
  private volatile boolean trustVerifiedHere;
  /** Set once the temporary folder is known to exist: a mkdir per object costs an exception. */
  private volatile boolean tmpMade;
  /**
   * Whether a file created read-only comes out exactly r--r--r-- (a umask such as 077 takes bits
   * away): learnt from the first object, and until then, or where not, each object is chmod'ed.
   */
  private volatile boolean createdReadOnly;
  private volatile boolean createdReadOnlyKnown;
  /** Objects made read-only after they were written: the chmods {@link #createdReadOnly} saves. */
  private final java.util.concurrent.atomic.AtomicLong chmods = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param objects the {@code sha256} folder
   * @param tmp a folder for temporary files on the same file system
   */
  public ObjectStore(Path objects, Path tmp) {
    this.objects = objects;
    this.tmp = tmp;
  }

  /** An object added: its name, its size, and whether this call wrote it (false: it was there). */
  public record Inserted(String hash, long size, boolean written) {}

  public Path root() {
    return objects;
  }

  public Path path(String hash) {
    return objects.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
  }

  public boolean contains(String hash) {
    return Files.isRegularFile(path(hash));
  }

  /** Adds a file's bytes in one pass: hashed while written to a temporary file, then renamed. */
  public Inserted insert(Path src) {
    Path t = newTemp();
    boolean moved = false;
    try {
      // Created read-only: the object needs no chmod before it is renamed into place.
      Copier.Copied c = Copier.copyReadOnly(src, t);
      moved = moveIntoPlace(t, c.hash(), createdReadOnly(t));
      return new Inserted(c.hash(), c.size(), moved);
    } catch (NoSuchFileException e) {
      throw StorageException.of("read", src, e);
    } catch (IOException e) {
      throw StorageException.of("add to the cache", src, e);
    } finally {
      if (!moved) {
        Copier.deleteQuietly(t);
      }
    }
  }

  /**
   * Like {@link #insert(Path)}, but a file of {@link Cloner#MIN_SIZE} or more is first cloned
   * into the temporary file and the clone hashed, so the cache shares the file's blocks rather
   * than holding a second copy. The clone is a fixed image of the file: what is hashed is what the
   * object holds, even if the source changes meanwhile. Falls back to copying where cloning fails.
   */
  public Inserted insert(Path src, Cloner cloner) {
    if (cloner != Cloner.NONE && sizeOrZero(src) >= Cloner.MIN_SIZE) {
      Path t = newTemp();
      try {
        if (cloner.cloneTo(src, t)) {
          String hash = Sha256.of(t);
          long size = Files.size(t);
          return new Inserted(hash, size, moveIntoPlace(t, hash));
        }
      } catch (IOException e) {
        throw StorageException.of("add to the cache", src, e);
      } finally {
        Copier.deleteQuietly(t);
      }
    }
    return insert(src);
  }

  /**
   * Takes a file into the store without copying it, as DVC and git-annex do when the work tree
   * links into the cache: a hard link to the file, made in the temporary folder, is renamed into
   * place as the object and made read-only, so the file and the object are one inode. The caller
   * hashed the file; {@code unchanged} says, after the link exists, whether the file is still as it
   * was when hashing began (size, modification time, inode), so bytes changed meanwhile never
   * enter the cache under the old hash. At every moment the file is at its path; a kill leaves at
   * most a temporary link, which the next writer removes.
   *
   * @return the object added (written false when it was already there), or null when the file
   *     cannot be linked from here (another file system) or changed: the caller copies instead
   */
  public Inserted adopt(Path src, String hash, long size, java.util.function.BooleanSupplier unchanged) {
    if (contains(hash)) {
      return new Inserted(hash, size, false);
    }
    Path t = newTemp();
    boolean moved = false;
    try {
      try {
        Files.createLink(t, src);
      } catch (IOException | UnsupportedOperationException cannotLink) {
        return null;
      }
      if (!unchanged.getAsBoolean()) {
        return null;
      }
      moved = moveIntoPlace(t, hash);
      return new Inserted(hash, size, moved);
    } catch (IOException e) {
      throw StorageException.of("add to the cache", src, e);
    } finally {
      if (!moved) {
        Copier.deleteQuietly(t);
      }
    }
  }

  /** Adds bytes held in memory (a directory manifest, say). */
  public Inserted insert(byte[] bytes) {
    String hash = Sha256.of(bytes);
    if (contains(hash)) {
      return new Inserted(hash, bytes.length, false);
    }
    Path t = newTemp();
    try {
      Copier.write(bytes, t);
      return new Inserted(hash, bytes.length, moveIntoPlace(t, hash));
    } catch (IOException e) {
      throw StorageException.of("write to the cache", path(hash), e);
    } finally {
      Copier.deleteQuietly(t);
    }
  }

  /**
   * Lets {@link #copyOut} skip hashing objects this process itself hashed as it wrote or checked
   * them (a pull checks out what its fetch verified a moment before). Off by default.
   */
  public ObjectStore trustVerifiedHere(boolean value) {
    this.trustVerifiedHere = value;
    return this;
  }

  /**
   * Whether {@link #trustVerifiedHere} is on and this process hashed the object as it wrote or
   * checked it, so placing it needs no second read.
   */
  public boolean verifiedHere(String hash) {
    return trustVerifiedHere && verifiedHere.contains(hash);
  }

  /** Something that writes an object's bytes to a stream. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(java.io.OutputStream out) throws IOException;
  }

  /** Adds bytes produced by {@code writer}, hashed as they stream to a temporary file. */
  public Inserted insert(Writer writer) {
    Path t = newTemp();
    try {
      java.security.MessageDigest d = Sha256.newDigest();
      long size;
      try (java.io.OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(t), 1 << 16);
           java.security.DigestOutputStream out = new java.security.DigestOutputStream(file, d)) {
        writer.writeTo(out);
        out.flush();
        size = Files.size(t);
      }
      String hash = Sha256.hex(d);
      return new Inserted(hash, size, moveIntoPlace(t, hash));
    } catch (IOException e) {
      throw StorageException.of("write to the cache", t, e);
    } finally {
      Copier.deleteQuietly(t);
    }
  }

  /** Reads a whole object, checking that its bytes hash to its name. */
  public byte[] readVerified(String hash) {
    Path p = path(hash);
    try {
      byte[] bytes = Files.readAllBytes(p);
      String actual = Sha256.of(bytes);
      if (!actual.equals(hash)) {
        throw new CorruptObjectException(hash, "the cache", actual);
      }
      return bytes;
    } catch (IOException e) {
      throw StorageException.of("read", p, e);
    }
  }

  /**
   * Copies an object to {@code target}, verifying it on the way: the kernel copies the bytes to a
   * temporary sibling of the target, which replaces it only when what landed there hashes to the
   * object's name, so damaged bytes never reach the work tree. (The copy is the kernel's because
   * writing from the JVM's memory into new page-cache pages cost several times as much on the
   * virtual machines mlctl is measured on; reading the fresh copy back to hash it is cheap.)
   */
  public void copyOut(String hash, Path target) {
    Path t = tempBeside(target);
    try {
      if (trustVerifiedHere && verifiedHere.contains(hash)) {
        // Hashed by this very process moments ago (a pull's fetch, say): the kernel copies it.
        Files.copy(path(hash), t);
        Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      Copier.Copied c = Copier.copyThenHash(path(hash), t);
      if (!c.hash().equals(hash)) {
        throw new CorruptObjectException(hash, "the cache", c.hash());
      }
      verifiedHere.add(hash);
      Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw StorageException.of("check out", target, e);
    } finally {
      Copier.deleteQuietly(t);
    }
  }

  /**
   * Like {@link #copyOut(String, Path)}, but an object of {@link Cloner#MIN_SIZE} or more is
   * cloned next to the target and the clone hashed before it replaces the target, so the work
   * tree shares the cache's blocks and still never receives damaged bytes. The clone is made
   * writable (a later write to it copies the blocks it changes, never touching the cache). Falls
   * back to copying where cloning fails.
   */
  public void copyOut(String hash, Path target, Cloner cloner) {
    if (cloner != Cloner.NONE && size(hash) >= Cloner.MIN_SIZE) {
      Path t = tempBeside(target);
      try {
        if (cloner.cloneTo(path(hash), t)) {
          if (!(trustVerifiedHere && verifiedHere.contains(hash))) {
            String actual = Sha256.of(t);
            if (!actual.equals(hash)) {
              throw new CorruptObjectException(hash, "the cache", actual);
            }
            verifiedHere.add(hash);
          }
          makeWritable(t);
          Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          return;
        }
      } catch (IOException e) {
        throw StorageException.of("check out", target, e);
      } finally {
        Copier.deleteQuietly(t);
      }
    }
    copyOut(hash, target);
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Per worker thread: a read buffer that grows to the largest small object met, and a digest. */
  private static final ThreadLocal<byte[][]> BUFFER = ThreadLocal.withInitial(() -> new byte[1][0]);
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  /** How {@link #writeNew} placed an object: every way writes the same verified bytes. */
  public enum Placed {
    /** A small object, read in one call and hashed in memory. */
    ONE_READ,
    /** A small object read in one call that this process had verified: not hashed again. */
    ONE_READ_TRUSTED,
    /** Copied by the kernel, then the copy hashed: a large object, or a small one that is not as its manifest records it. */
    COPIED,
    /** Copied by the kernel: this process had verified the object. */
    COPIED_TRUSTED
  }

  /**
   * Writes a verified copy of an object to {@code target}, a new file that nobody reads yet (in a
   * folder that is renamed into place once every file in it is written): no temporary sibling and
   * no rename per file. The bytes are checked against the object's name before they are written.
   *
   * @param size the object's size as its manifest records it: a small object is read in one call
   * @return the way the bytes were read and checked
   * @throws NoSuchFileException when the cache lacks the object (nothing is written)
   * @throws CorruptObjectException when the cached bytes do not hash to the name (nothing is written)
   */
  public Placed writeNew(String hash, long size, Path target) throws IOException {
    Path src = path(hash);
    if (size < Copier.SMALL) {
      byte[][] holder = BUFFER.get();
      byte[] buf = holder[0] = readBuffer(holder[0], size);
      int n = 0;
      try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) size);
        while (bb.hasRemaining() && in.read(bb) >= 0) {
          // a small file arrives in one read; only an object shorter than recorded loops to EOF
        }
        n = bb.position();
      }
      // Bytes that hash to the object's name are the object, whatever else the file may hold:
      // one read, no second one to find the end of the file.
      boolean trusted = n == size && trustVerifiedHere && verifiedHere.contains(hash);
      if (n == size && (trusted || hashOf(buf, n).equals(hash))) {
        try (FileChannel out = FileChannel.open(target,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer w = ByteBuffer.wrap(buf, 0, n);
          while (w.hasRemaining()) {
            out.write(w);
          }
        }
        return trusted ? Placed.ONE_READ_TRUSTED : Placed.ONE_READ;
      }
      // Shorter or different than recorded: the general path below says what is wrong.
    }
    if (!Files.exists(src)) {
      throw new NoSuchFileException(src.toString(), null, "not in the cache");
    }
    try {
      if (trustVerifiedHere && verifiedHere.contains(hash)) {
        Files.copy(src, target);
        return Placed.COPIED_TRUSTED;
      }
      // The kernel copies, then what landed is hashed (see copyOut).
      Copier.Copied c = Copier.copyThenHash(src, target);
      if (!c.hash().equals(hash)) {
        throw new CorruptObjectException(hash, "the cache", c.hash());
      }
      verifiedHere.add(hash);
      return Placed.COPIED;
    } catch (java.nio.file.FileAlreadyExistsException notOurs) {
      throw notOurs;
    } catch (IOException | RuntimeException e) {
      // What was written of the target (if anything) is removed: only verified bytes stay.
      Copier.deleteQuietly(target);
      throw e;
    }
  }

  /**
   * {@code current} when it holds an object of {@code size} bytes and one more, else a new buffer
   * that does: twice as large, up to {@link Copier#SMALL}, so a thread meeting ever larger objects
   * grows it a few times rather than once per object.
   */
  static byte[] readBuffer(byte[] current, long size) {
    if (current.length >= size + 1) {
      return current;
    }
    return new byte[(int) Math.max(size + 1, Math.min(Copier.SMALL, current.length * 2L))];
  }

  private static String hashOf(byte[] buf, int n) {
    MessageDigest d = DIGEST.get();
    d.reset();
    d.update(buf, 0, n);
    return Sha256.hex(d);
  }

  /** Re-hashes an object; true when its bytes still hash to its name. */
  public boolean verify(String hash) {
    try {
      boolean ok = Sha256.of(path(hash)).equals(hash);
      if (ok) {
        verifiedHere.add(hash);
      } else {
        verifiedHere.remove(hash);
      }
      return ok;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw StorageException.of("read", path(hash), e);
    }
  }

  /** Every object name in the store (names that are not 64 hex digits are skipped). */
  public List<String> list() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(objects)) {
      return out;
    }
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(objects)) {
      for (Path prefix : prefixes) {
        String pre = prefix.getFileName().toString();
        if (pre.length() != 2 || !Files.isDirectory(prefix)) {
          continue;
        }
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(prefix)) {
          for (Path p : rest) {
            String h = pre + p.getFileName();
            if (Sha256.isHash(h)) {
              out.add(h);
            }
          }
        }
      }
    } catch (IOException e) {
      throw StorageException.of("list", objects, e);
    }
    return out;
  }

  /** Removes an object; true when it was there. */
  public boolean delete(String hash) {
    try {
      return Files.deleteIfExists(path(hash));
    } catch (IOException e) {
      throw StorageException.of("delete", path(hash), e);
    }
  }

  /** The size of an object on disk, or -1 when it is absent. */
  public long size(String hash) {
    try {
      return Files.size(path(hash));
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves a verified temporary file into place; false when the object was already there. */
  public boolean moveIntoPlace(Path temp, String hash) throws IOException {
    return moveIntoPlace(temp, hash, false);
  }

  private boolean moveIntoPlace(Path temp, String hash, boolean readOnlyAlready) throws IOException {
    Path dst = path(hash);
    if (Files.exists(dst)) {
      return false;
    }
    // Every caller hashed these bytes as they were written: they are the object.
    verifiedHere.add(hash);
    String prefix = hash.substring(0, 2);
    if (!madeDirs.contains(prefix)) {
      Files.createDirectories(dst.getParent());
      madeDirs.add(prefix);
    }
    if (!readOnlyAlready) {
      makeReadOnly(temp);
      chmods.incrementAndGet();
    }
    // Rename is atomic: readers see no object or the whole object, never a part of it.
    Files.move(temp, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  /** How many objects this store made read-only after writing them. */
  long chmods() {
    return chmods.get();
  }

  private boolean createdReadOnly(Path created) throws IOException {
    if (!createdReadOnlyKnown) {
      PosixFileAttributeView view = Files.getFileAttributeView(created, PosixFileAttributeView.class);
      createdReadOnly = view == null || view.readAttributes().permissions().equals(READ_ONLY);
      createdReadOnlyKnown = true;
    }
    return createdReadOnly;
  }

  /** A fresh temporary path in the store's file system; the caller deletes it. */
  public Path newTemp() {
    if (!tmpMade) {
      try {
        Files.createDirectories(tmp);
      } catch (IOException e) {
        throw StorageException.of("create", tmp, e);
      }
      tmpMade = true;
    }
    return tmp.resolve("obj-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
  }

  /** Gives a file the permissions a plain copy in the work tree has (rw-r--r--). */
  public static void makeWritable(Path p) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    if (view != null) {
      view.setPermissions(WRITABLE);
    }
  }

  /** A hidden temporary sibling of {@code target}, which a write renames onto it when whole. */
  public static Path tempBeside(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".mlctl-tmp-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  static void makeReadOnly(Path p) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    if (view != null) {
      view.setPermissions(READ_ONLY);
    }
  }
}
