package io.mlctl.core.store;

import io.mlctl.core.util.ByteMeter;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies a file while hashing the very bytes it writes, so the hash always names what landed on
 * disk even if the source changes under us. Small files are read whole; large ones stream through
 * a pipeline in which one thread reads, another hashes and a third writes, so a big file costs
 * about one pass of SHA-256 rather than read plus hash plus copy.
 */
public final class Copier {
  static final long SMALL = 1 << 20;
  private static final int CHUNK = 4 << 20;
  private static final int BUFFERS = 4;

  private Copier() {}

  /** Which way a copy went: the size and the file system choose it, the bytes are the same. */
  public enum Way {
    /** Read whole into memory, then written in one go. */
    WHOLE,
    /** Read whole, then written with direct I/O in one padded write. */
    WHOLE_DIRECT,
    /** Streamed through a reader, a hasher and a writer thread. */
    STREAMED,
    /** Streamed, and written with direct I/O. */
    STREAMED_DIRECT,
    /** Read from an input stream. */
    FROM_STREAM,
    /** Read from an input stream, and written with direct I/O. */
    FROM_STREAM_DIRECT,
    /** Copied by the kernel, then the copy read back and hashed. */
    KERNEL_THEN_HASH
  }

  /** The hash and size of what was copied, and the way it went. */
  public record Copied(String hash, long size, Way way) {}

  private static final java.util.concurrent.atomic.AtomicLong DIRECT = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Copies written with direct I/O by this process so far: callers that do not see a copy's
   * {@link Way} (a remote's download returns the hash only) let their tests see it here.
   */
  public static long directSoFar() {
    return DIRECT.get();
  }

  /**
   * From this size on, the copy is written with direct I/O where the file system allows it: a
   * cache object that big is cold data, and writing it past the page cache neither evicts what
   * the user works with nor waits on the kernel to find a gigabyte of free pages, which on a
   * virtual machine took from a quarter of a second to three seconds per gigabyte.
   */
  static final long DIRECT_MIN = 64L << 20;
  /** The alignment direct I/O gets here: a multiple of every block size in use. */
  private static final int DIRECT_ALIGN = 4096;

  /** Copies {@code src} to {@code dst} (created new), hashing on the way. */
  public static Copied copy(Path src, Path dst) throws IOException {
    return copy(src, dst, DIRECT_MIN);
  }

  /** From this size on, a {@link #copyCold} is written with direct I/O. */
  static final long COLD_DIRECT_MIN = 256L << 10;

  /**
   * Like {@link #copy}, for a copy nobody is about to read (an object sent to a folder remote):
   * written with direct I/O from {@link #COLD_DIRECT_MIN} on, where the file system takes it.
   */
  public static Copied copyCold(Path src, Path dst) throws IOException {
    return copy(src, dst, COLD_DIRECT_MIN);
  }

  /**
   * Like {@link #copy}, but {@code dst} is created read-only (r--r--r--) where the file system
   * keeps POSIX permissions: the open descriptor still writes, and no chmod is needed after.
   */
  public static Copied copyReadOnly(Path src, Path dst) throws IOException {
    if (!dst.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return copy(src, dst, DIRECT_MIN);
    }
    return copy(src, dst, DIRECT_MIN, READ_ONLY_ATTRS);
  }

  private static final FileAttribute<?>[] READ_ONLY_ATTRS = {
      PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ))};

  private static final Set<java.nio.file.OpenOption> CREATE_NEW_WRITE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  private static final Set<java.nio.file.OpenOption> CREATE_NEW_WRITE_DIRECT =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);

  private static Copied copy(Path src, Path dst, long directMin, FileAttribute<?>... attrs) throws IOException {
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
      long size = in.size();
      FileChannel direct = triesDirect(size, directMin) ? openDirect(dst, attrs) : null;
      try (FileChannel out = direct != null ? direct
          : FileChannel.open(dst, CREATE_NEW_WRITE, attrs)) {
        return switch (way(size, direct != null)) {
          case WHOLE -> copySmall(in, out, size);
          case WHOLE_DIRECT -> copySmallDirect(in, out, size);
          case STREAMED -> copyLarge(in, out, false);
          default -> copyLarge(in, out, true);
        };
      }
    }
  }

  /** Whether a copy of {@code size} bytes asks for direct I/O, which the file system may refuse. */
  static boolean triesDirect(long size, long directMin) {
    return size >= directMin;
  }

  /** The way a file of {@code size} bytes is copied, {@code direct} when the file system took direct I/O. */
  static Way way(long size, boolean direct) {
    if (size <= SMALL) {
      return direct ? Way.WHOLE_DIRECT : Way.WHOLE;
    }
    return direct ? Way.STREAMED_DIRECT : Way.STREAMED;
  }

  /**
   * {@code dst}, created new, opened for direct I/O; null where the file system or the JDK does
   * not offer it (tmpfs, an in-memory file system) or wants another alignment, and the file not
   * created then.
   */
  private static FileChannel openDirect(Path dst, FileAttribute<?>... attrs) throws IOException {
    try {
      long block = Files.getFileStore(dst.getParent()).getBlockSize();
      if (block <= 0 || DIRECT_ALIGN % block != 0) {
        return null;
      }
      return FileChannel.open(dst, CREATE_NEW_WRITE_DIRECT, attrs);
    } catch (java.nio.file.FileAlreadyExistsException someoneElses) {
      throw someoneElses;
    } catch (IOException | RuntimeException notOffered) {
      // an open that failed after creating the file (EINVAL on tmpfs) leaves it empty: take it back
      deleteQuietly(dst);
      return null;
    }
  }

  /**
   * Copies {@code src} to {@code dst} (created new) inside the kernel, then hashes what landed in
   * {@code dst}. Writing from the JVM's memory into new page-cache pages cost three to ten times
   * what the kernel's own copy ({@code copy_file_range} or {@code sendfile}) of the same bytes
   * costs on the virtual machines mlctl is measured on, and reading the fresh copy back is cheap:
   * so a fetched object costs about one kernel copy plus one hash, and the hash is of the bytes the
   * destination holds, not of what the source held a moment before. Where the kernel cannot copy
   * between the two (another file system type, an in-memory file system) the JDK falls back to
   * its own loop.
   */
  public static Copied copyThenHash(Path src, Path dst) throws IOException {
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
      return copyThenHash(in, dst);
    }
  }

  /** {@link #copyThenHash(Path, Path)} from an open source, whatever its position. */
  private static Copied copyThenHash(FileChannel in, Path dst) throws IOException {
    try (FileChannel out = FileChannel.open(dst, CREATE_NEW_READ_WRITE)) {
      long pos = 0;
      // To the end of the file, however long it has become since it was opened.
      for (long n; (n = in.transferTo(pos, TRANSFER_STEP, out)) > 0; ) {
        pos += n;
      }
      return new Copied(Sha256.of(out), pos, Way.KERNEL_THEN_HASH);
    }
  }

  /**
   * Copies {@code src} to {@code dst} (created new) for a copy nobody reads through the page cache
   * soon: a fetched object, which the work tree links to, clones, or has the kernel copy out once
   * (at the disk's speed, with read-ahead). From {@link #COLD_DIRECT_MIN}
   * on it is written with direct I/O where the file system takes it, hashed from the very buffer
   * that is written, so it takes no new page-cache pages (which, after the guest freed a gigabyte,
   * cost more than the write itself on the machines mlctl is measured on); smaller files, and
   * file systems without direct I/O, get {@link #copyThenHash}.
   */
  public static Copied copyColdThenHash(Path src, Path dst) throws IOException {
    return copyColdThenHash(src, dst, Copier::openDirect);
  }

  /** How a copy opens its target for direct I/O: null where the file system does not offer it. */
  @FunctionalInterface
  interface DirectOpener {
    FileChannel open(Path dst) throws IOException;
  }

  /** {@link #copyColdThenHash(Path, Path)} with the way the target is opened for direct I/O. */
  static Copied copyColdThenHash(Path src, Path dst, DirectOpener opener) throws IOException {
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
      long size = in.size();
      FileChannel direct = triesDirect(size, COLD_DIRECT_MIN) ? opener.open(dst) : null;
      if (direct != null) {
        try (FileChannel out = direct) {
          return size <= SMALL ? copySmallDirect(in, out, size) : copyLarge(in, out, true);
        } catch (IOException refusedLater) {
          // Some file systems take O_DIRECT at open and refuse the write (EINVAL): the usual way then.
          deleteQuietly(dst);
        }
      }
      // The source stays open: a pull of many small objects opens each once.
      return copyThenHash(in, dst);
    }
  }

  /** How much one kernel copy call moves at most: the progress bar moves between calls. */
  private static final long TRANSFER_STEP = 64L << 20;

  private static final Set<java.nio.file.OpenOption> CREATE_NEW_READ_WRITE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);

  /** Copies a stream to {@code dst} (created new), hashing on the way. */
  public static Copied copy(java.io.InputStream in, Path dst) throws IOException {
    MessageDigest d = Sha256.newDigest();
    long total = 0;
    byte[] buf = new byte[256 * 1024];
    try (java.io.OutputStream out = Files.newOutputStream(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
        out.write(buf, 0, n);
        total += n;
        ByteMeter.count(n);
      }
    }
    return new Copied(Sha256.hex(d), total, Way.FROM_STREAM);
  }

  /**
   * {@link #copy(java.io.InputStream, Path)} for a download nobody reads through the page cache
   * soon, as {@link #copyColdThenHash} is for a file: from {@link #COLD_DIRECT_MIN} bytes on (the
   * size its sender announced) it is written with direct I/O where the file system takes it,
   * hashed from the bytes as they are read, which are the bytes written. A file system that
   * refuses the first direct write gets the bytes already read, and the rest, the usual way.
   */
  public static Copied copyCold(java.io.InputStream in, Path dst, long size) throws IOException {
    return copyCold(in, dst, size, Copier::openDirect);
  }

  /** {@link #copyCold(java.io.InputStream, Path, long)} with the way the target is opened for direct I/O. */
  static Copied copyCold(java.io.InputStream in, Path dst, long size, DirectOpener opener) throws IOException {
    FileChannel direct = triesDirect(size, COLD_DIRECT_MIN) ? opener.open(dst) : null;
    if (direct == null) {
      return copy(in, dst);
    }
    FileChannel out = direct;
    boolean isDirect = true;
    try {
      ByteBuffer buf = DIRECT_SMALL_BUFFER.get();
      byte[] heap = STREAM_BUFFER.get();
      MessageDigest d = Sha256.newDigest();
      long total = 0;
      for (boolean end = false; !end; ) {
        buf.clear().limit((int) SMALL);
        while (buf.hasRemaining()) {
          int n = in.read(heap, 0, Math.min(heap.length, buf.remaining()));
          if (n < 0) {
            end = true;
            break;
          }
          // Hashed from the heap (a direct buffer would be copied into one, 4 KiB at a time, to
          // be hashed), then put where it is written from: the same bytes.
          d.update(heap, 0, n);
          buf.put(heap, 0, n);
        }
        int n = buf.flip().remaining();
        if (n == 0) {
          break;
        }
        if (isDirect) {
          try {
            // Only the last buffer can be short: every write but that one starts on a block.
            writeFully(out, padToBlocks(buf, n));
          } catch (IOException refused) {
            if (total > 0) {
              throw refused;
            }
            // Taken at open, refused at the first write (EINVAL): the usual way from here on.
            out.close();
            deleteQuietly(dst);
            out = FileChannel.open(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            isDirect = false;
            writeFully(out, buf.limit(n).position(0));
          }
        } else {
          writeFully(out, buf);
        }
        total += n;
        ByteMeter.count(n);
      }
      if (isDirect) {
        endDirect(out, total);
      }
      return new Copied(Sha256.hex(d), total, isDirect ? Way.FROM_STREAM_DIRECT : Way.FROM_STREAM);
    } finally {
      out.close();
    }
  }

  /** Per thread: the heap buffer a stream is read into on its way to an aligned one. */
  private static final ThreadLocal<byte[]> STREAM_BUFFER = ThreadLocal.withInitial(() -> new byte[256 * 1024]);

  /** Hashes bytes already in memory and writes them to {@code dst} (created new). */
  static void write(byte[] bytes, Path dst) throws IOException {
    try (FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(out, ByteBuffer.wrap(bytes));
    }
  }

  /** Per thread: the buffer small files are read into, grown to the largest met (1 MiB at most). */
  private static final ThreadLocal<ByteBuffer[]> SMALL_BUFFER = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

  private static Copied copySmall(FileChannel in, FileChannel out, long size) throws IOException {
    // One byte more than the size, to notice a file that grew since size() was asked.
    ByteBuffer[] holder = SMALL_BUFFER.get();
    ByteBuffer buf = holder[0] = smallBuffer(holder[0], size);
    buf.clear().limit((int) size + 1);
    long total = 0;
    MessageDigest d = Sha256.newDigest();
    while (in.read(buf) >= 0 && buf.hasRemaining()) {
      // keep reading until EOF: the file may have grown since size() was asked
    }
    buf.flip();
    if (buf.remaining() > size) {
      // It grew past the small limit while we read: start over with the streaming path.
      in.position(0);
      out.truncate(0);
      out.position(0);
      return copyLarge(in, out, false);
    }
    total = buf.remaining();
    d.update(buf.duplicate());
    writeFully(out, buf);
    return new Copied(Sha256.hex(d), total, Way.WHOLE);
  }

  /**
   * {@code current} when it holds a file of {@code size} bytes and one byte more (to notice
   * growth), else a new buffer that does, of 64 KiB at least so a run of tiny files shares one.
   */
  static ByteBuffer smallBuffer(ByteBuffer current, long size) {
    if (current != null && current.capacity() >= size + 1) {
      return current;
    }
    return ByteBuffer.allocate((int) Math.max(size + 1, Math.min(SMALL + 1, 64L * 1024)));
  }

  /** Per thread: an aligned buffer for small files written with direct I/O. */
  private static final ThreadLocal<ByteBuffer> DIRECT_SMALL_BUFFER = ThreadLocal.withInitial(
      () -> ByteBuffer.allocateDirect((int) SMALL + 2 * DIRECT_ALIGN).alignedSlice(DIRECT_ALIGN));

  /** {@link #copySmall} for an {@code out} that takes direct I/O: one padded write, then a truncation. */
  private static Copied copySmallDirect(FileChannel in, FileChannel out, long size) throws IOException {
    ByteBuffer buf = DIRECT_SMALL_BUFFER.get();
    buf.clear().limit((int) size + 1);
    while (in.read(buf) >= 0 && buf.hasRemaining()) {
      // keep reading until EOF: the file may have grown since size() was asked
    }
    buf.flip();
    if (buf.remaining() > size) {
      in.position(0);
      return copyLarge(in, out, true);
    }
    int n = buf.remaining();
    MessageDigest d = Sha256.newDigest();
    d.update(buf.duplicate());
    writeFully(out, padToBlocks(buf, n));
    endDirect(out, n);
    return new Copied(Sha256.hex(d), n, Way.WHOLE_DIRECT);
  }

  /** Ends a copy written with direct I/O: the last block's padding taken off, the copy counted. */
  private static void endDirect(FileChannel out, long size) throws IOException {
    if (out.size() != size) {
      out.truncate(size);
    }
    DIRECT.incrementAndGet();
  }

  /**
   * Extends {@code buf}, which holds {@code n} bytes from its start, with zeros to whole blocks, as
   * a direct write wants; the caller truncates the file to its size afterwards.
   */
  private static ByteBuffer padToBlocks(ByteBuffer buf, int n) {
    int padded = (n + DIRECT_ALIGN - 1) / DIRECT_ALIGN * DIRECT_ALIGN;
    buf.limit(padded);
    for (int k = n; k < padded; k++) {
      buf.put(k, (byte) 0);
    }
    return buf;
  }

  /**
   * @param direct {@code out} takes direct I/O: every write is whole aligned blocks from an aligned
   *     buffer, the last one padded with zeros, which a final truncation takes off again
   */
  private static Copied copyLarge(FileChannel in, FileChannel out, boolean direct) throws IOException {
    // Three threads, one buffer each at a time: the reader fills the next buffer while this one
    // hashes the current one and the writer writes the one before, so the copy costs about what
    // SHA-256 alone costs. Reads and writes each keep their order on their own thread.
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> daemon(r, "mlctl-reader"));
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "mlctl-writer"));
    try {
      ByteBuffer[] bufs = new ByteBuffer[BUFFERS];
      @SuppressWarnings("unchecked")
      Future<Integer>[] reads = new Future[BUFFERS];
      Future<?>[] writes = new Future<?>[BUFFERS];
      for (int i = 0; i < BUFFERS; i++) {
        bufs[i] = direct ? ByteBuffer.allocateDirect(CHUNK + DIRECT_ALIGN).alignedSlice(DIRECT_ALIGN)
            : ByteBuffer.allocateDirect(CHUNK);
      }
      MessageDigest d = Sha256.newDigest();
      long total = 0;
      for (int i = 0; i < READ_AHEAD; i++) {
        reads[i] = read(reader, in, bufs[i]);
      }
      for (int i = 0; ; i = (i + 1) % BUFFERS) {
        int n = awaitRead(reads[i]);
        if (n <= 0) {
          break;
        }
        // The buffer READ_AHEAD places on is filled next, once its last write is done.
        int ahead = (i + READ_AHEAD) % BUFFERS;
        await(writes[ahead]);
        reads[ahead] = read(reader, in, bufs[ahead]);
        ByteBuffer buf = bufs[i].flip();
        ByteBuffer forWriter = buf.duplicate();
        boolean last = n < CHUNK;
        if (direct) {
          padToBlocks(forWriter, n);
        }
        writes[i] = writer.submit(() -> {
          writeFully(out, forWriter);
          return null;
        });
        d.update(buf);
        total += n;
        ByteMeter.count(n);
        if (direct && last) {
          // Writes at unaligned offsets are refused: a file that grows meanwhile ends here.
          break;
        }
      }
      for (Future<?> f : writes) {
        await(f);
      }
      if (direct) {
        endDirect(out, total);
      }
      return new Copied(Sha256.hex(d), total, direct ? Way.STREAMED_DIRECT : Way.STREAMED);
    } finally {
      reader.shutdownNow();
      writer.shutdownNow();
    }
  }

  /** How many buffers are being read ahead of the one being hashed. */
  private static final int READ_AHEAD = 2;

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static Future<Integer> read(ExecutorService reader, FileChannel in, ByteBuffer buf) {
    return reader.submit(() -> readFully(in, buf.clear().limit(CHUNK)));
  }

  private static int awaitRead(Future<Integer> f) throws IOException {
    await(f);
    try {
      return f.get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("a finished read cannot fail", e);
    }
  }

  private static int readFully(FileChannel in, ByteBuffer buf) throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  private static void await(Future<?> f) throws IOException {
    if (f == null) {
      return;
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Deletes a file, ignoring that it is already gone. */
  public static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temporary file is removed by the next write command
    }
  }
}
