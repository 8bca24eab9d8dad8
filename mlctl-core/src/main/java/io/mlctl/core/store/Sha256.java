package io.mlctl.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.codec.binary.Hex;

/**
 * SHA-256 through the JDK's provider, which uses the CPU's SHA instructions where present; hex
 * through Commons Codec. Thread-safe: every call takes its own digest.
 */
public final class Sha256 {
  static final int BUFFER = 1 << 20;

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return Hex.encodeHexString(digest.digest());
  }

  public static String of(byte[] bytes) {
    MessageDigest d = newDigest();
    d.update(bytes);
    return hex(d);
  }

  /**
   * Hashes a file's bytes. A big file is hashed by {@code openssl} where one is installed
   * ({@link OpensslHash}), else, in a command that runs without C2, by a JVM that has it
   * ({@link FastHash}); whenever neither can tell, here.
   */
  public static String of(Path file) throws IOException {
    if (file.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
      long size = java.nio.file.Files.size(file);
      if (OpensslHash.worthIt(size)) {
        String h = OpensslHash.of(file, size);
        if (h != null) {
          return h;
        }
      }
      if (FastHash.worthIt(size)) {
        String h = FastHash.inChild(file);
        if (h != null) {
          return h;
        }
      }
    }
    return ofHere(file);
  }

  /** Hashes a file's bytes in this process. */
  static String ofHere(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return of(ch);
    }
  }

  /**
   * From this size on, a file is read on a second thread while this one hashes: the reads (the
   * kernel's copy into memory, and the JDK's into the array the digest takes) then cost the hash
   * no time: 1 GiB took 0.82-0.86 s here against 0.90-0.92 s read and hashed in turn.
   */
  static final long PIPELINE_MIN = 8L << 20;

  /** How many hashes this process ran on two threads: the choice is otherwise seen only in speed. */
  private static final java.util.concurrent.atomic.AtomicLong PIPELINED = new java.util.concurrent.atomic.AtomicLong();

  /** The number of hashes run on two threads so far. */
  static long pipelinedSoFar() {
    return PIPELINED.get();
  }

  /** The buffers of a pipelined hash: one being hashed, the others being filled. */
  private static final int PIPELINE_BUFFERS = 3;

  /**
   * The SHA-256 of a channel's bytes from position 0 to its end, however long it has become
   * meanwhile. The channel is read in order from position 0 and left at its end, so the
   * descriptor's position (which {@code /proc/PID/fdinfo} shows) follows the hash.
   */
  public static String of(FileChannel ch) throws IOException {
    MessageDigest d = newDigest();
    ch.position(0);
    if (ch.size() >= PIPELINE_MIN) {
      PIPELINED.incrementAndGet();
      pipelined(ch, d);
      return hex(d);
    }
    ByteBuffer buf = READ_BUFFER.get().clear();
    for (int n; (n = ch.read(buf)) >= 0; ) {
      io.mlctl.core.util.ByteMeter.count(n);
      buf.flip();
      d.update(buf);
      buf.clear();
    }
    return hex(d);
  }

  /**
   * Per thread: the buffer files below {@link #PIPELINE_MIN} are read into. A new one per file
   * cost a pull of a thousand 1 MiB objects a gigabyte of zeroing.
   */
  private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER));

  /** A buffer the reader filled: {@code length} bytes, or the error that ended the reading. */
  private record Chunk(byte[] bytes, int length, IOException error) {}

  /**
   * Hashes the channel from position 0 while a reader thread fills the next buffers. The reader
   * ends at the end of the file (a buffer it could not fill) or at an error, which is thrown here.
   */
  private static void pipelined(FileChannel ch, MessageDigest d) throws IOException {
    java.util.concurrent.BlockingQueue<Chunk> full = new java.util.concurrent.ArrayBlockingQueue<>(PIPELINE_BUFFERS);
    java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>(PIPELINE_BUFFERS);
    for (int i = 0; i < PIPELINE_BUFFERS; i++) {
      free.add(new byte[BUFFER]);
    }
    Thread reader = new Thread(() -> {
      try {
        while (true) {
          byte[] b = free.take();
          ByteBuffer bb = ByteBuffer.wrap(b);
          for (int k; bb.hasRemaining() && (k = ch.read(bb)) >= 0; ) {
            // fills the buffer, or stops at the end of the file
          }
          full.put(new Chunk(b, bb.position(), null));
          if (bb.hasRemaining()) {
            return;
          }
        }
      } catch (IOException e) {
        try {
          full.put(new Chunk(null, 0, e));
        } catch (InterruptedException stopped) {
          // the hashing side gave up and no longer reads the queue
        }
      } catch (InterruptedException stopped) {
        // the hashing side gave up
      }
    }, "mlctl-hash-reader");
    reader.setDaemon(true);
    reader.start();
    boolean done = false;
    try {
      while (true) {
        Chunk c = full.take();
        if (c.error() != null) {
          throw c.error();
        }
        io.mlctl.core.util.ByteMeter.count(c.length());
        d.update(c.bytes(), 0, c.length());
        if (c.length() < c.bytes().length) {
          done = true;
          return;
        }
        free.put(c.bytes());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while hashing");
    } finally {
      if (!done) {
        reader.interrupt();
      }
    }
  }

  public static String of(InputStream in) throws IOException {
    MessageDigest d = newDigest();
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) > 0; ) {
      io.mlctl.core.util.ByteMeter.count(n);
      d.update(buf, 0, n);
    }
    return hex(d);
  }

  /** Whether {@code s} is 64 lowercase hex digits, the only form mlctl writes or accepts. */
  public static boolean isHash(String s) {
    // A loop, not a regex: manifests and the hash cache check millions of these.
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
