package io.mlctl.core.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies a file while hashing the very bytes it writes, so the hash always names what landed on
 * disk even if the source changes under us. Small files are read whole; large ones stream through
 * a pipeline in which one thread reads and hashes while another writes, so a big file costs about
 * one pass of SHA-256 rather than hash plus copy.
 */
public final class Copier {
  static final long SMALL = 1 << 20;
  private static final int CHUNK = 4 << 20;
  private static final int BUFFERS = 3;

  private Copier() {}

  /** The hash and size of what was copied. */
  public record Copied(String hash, long size) {}

  /** Copies {@code src} to {@code dst} (created new), hashing on the way. */
  public static Copied copy(Path src, Path dst) throws IOException {
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
         FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long size = in.size();
      if (size <= SMALL) {
        return copySmall(in, out, size);
      }
      return copyLarge(in, out);
    }
  }

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
      }
    }
    return new Copied(Sha256.hex(d), total);
  }

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
    if (holder[0] == null || holder[0].capacity() < size + 1) {
      holder[0] = ByteBuffer.allocate((int) Math.max(size + 1, Math.min(SMALL + 1, 64L * 1024)));
    }
    ByteBuffer buf = holder[0];
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
      return copyLarge(in, out);
    }
    total = buf.remaining();
    d.update(buf.duplicate());
    writeFully(out, buf);
    return new Copied(Sha256.hex(d), total);
  }

  private static Copied copyLarge(FileChannel in, FileChannel out) throws IOException {
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "mlctl-writer");
      t.setDaemon(true);
      return t;
    });
    try {
      ByteBuffer[] bufs = new ByteBuffer[BUFFERS];
      @SuppressWarnings("unchecked")
      Future<?>[] pending = new Future<?>[BUFFERS];
      MessageDigest d = Sha256.newDigest();
      long total = 0;
      for (int i = 0; ; i = (i + 1) % BUFFERS) {
        await(pending[i]);
        if (bufs[i] == null) {
          bufs[i] = ByteBuffer.allocateDirect(CHUNK);
        }
        ByteBuffer buf = bufs[i];
        buf.clear();
        int n = readFully(in, buf);
        if (n <= 0) {
          break;
        }
        buf.flip();
        ByteBuffer forWriter = buf.duplicate();
        pending[i] = writer.submit(() -> {
          writeFully(out, forWriter);
          return null;
        });
        d.update(buf);
        total += n;
      }
      for (Future<?> f : pending) {
        await(f);
      }
      return new Copied(Sha256.hex(d), total);
    } finally {
      writer.shutdownNow();
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
