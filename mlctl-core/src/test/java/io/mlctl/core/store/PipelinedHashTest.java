package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.util.ByteMeter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big files are hashed while a second thread reads ahead. The expected digests come from Python's
 * hashlib over the same bytes:
 * {@code python3 -c "import hashlib; print(hashlib.sha256(bytes(((i*31+7)&0xff) for i in range(N))).hexdigest())"}.
 */
class PipelinedHashTest {
  /** N = 8 MiB: the first size read on two threads, and a whole number of buffers (the reader ends on an empty read). */
  private static final String AT_MIN = "0ff4d6c068be24637e84ea9f481c3c29f7afcdef1e06e1f40a68e5de85dcbb5b";
  /** N = 8 MiB + 1: one byte into a last buffer. */
  static final String AT_MIN_PLUS_ONE = "37ffe721fe437045fa7862bf403ac7dbd7eee9545a7bc1d66898e9507cf84ddf";
  /** N = 9 MiB - 1: a last buffer one byte short of full. */
  private static final String BUFFER_SHORT = "bfdfed18959d6cc32b3b237229ae4471e00010fb2fe49cd918ce9b7e9f0bd4e9";

  @TempDir
  Path dir;

  /** {@code n} bytes of the pattern the digests above were computed over: byte i is (i * 31 + 7) mod 256. */
  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void bigFiles_hashToHashlibsDigests_atTheBufferBoundaries() throws IOException {
    assertEquals(8L << 20, Sha256.PIPELINE_MIN, "the sizes below sit at the pipeline's bounds");
    assertEquals(1 << 20, Sha256.BUFFER, "and at its buffers' bounds");
    assertEquals(AT_MIN, Sha256.of(Files.write(dir.resolve("a"), pattern(8 << 20))));
    assertEquals(AT_MIN_PLUS_ONE, Sha256.of(Files.write(dir.resolve("b"), pattern((8 << 20) + 1))));
    assertEquals(BUFFER_SHORT, Sha256.of(Files.write(dir.resolve("c"), pattern((9 << 20) - 1))));
  }

  @Test
  void filesFromThePipelinedSizeOn_areReadOnASecondThread_smallerOnesAreNot() throws IOException {
    long before = Sha256.pipelinedSoFar();
    Sha256.of(Files.write(dir.resolve("below"), pattern((8 << 20) - 1)));
    assertEquals(before, Sha256.pipelinedSoFar(), "8 MiB - 1 is read and hashed in turn");
    assertEquals(AT_MIN, Sha256.of(Files.write(dir.resolve("at"), pattern(8 << 20))));
    assertEquals(before + 1, Sha256.pipelinedSoFar(), "8 MiB is read ahead on a second thread");
  }

  @Test
  void aHashThatIsInterrupted_stopsItsReader() throws Exception {
    Path f = Files.write(dir.resolve("f"), pattern(9 << 20));
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Thread> reader = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    try (FileChannel real = FileChannel.open(f, StandardOpenOption.READ);
         FileChannel stalling = new Stalling(real, reading, reader)) {
      Thread hasher = new Thread(() -> {
        try {
          Sha256.of(stalling);
        } catch (Throwable t) {
          thrown.set(t);
        }
      });
      hasher.start();
      assertTrue(reading.await(30, java.util.concurrent.TimeUnit.SECONDS), "the reader never read");
      hasher.interrupt();
      hasher.join(30_000);
      assertFalse(hasher.isAlive(), "the interrupted hash did not end");
      assertTrue(thrown.get() instanceof java.io.InterruptedIOException, String.valueOf(thrown.get()));
      reader.get().join(30_000);
      assertFalse(reader.get().isAlive(), "the reader still waits for a read nobody wants");
    }
  }

  /** A channel whose first read at or past 1 MiB blocks until its thread is interrupted. */
  private static final class Stalling extends FailingAfter {
    private final java.util.concurrent.CountDownLatch reading;
    private final java.util.concurrent.atomic.AtomicReference<Thread> reader;

    Stalling(FileChannel real, java.util.concurrent.CountDownLatch reading,
        java.util.concurrent.atomic.AtomicReference<Thread> reader) {
      super(real, Long.MAX_VALUE, null);
      this.reading = reading;
      this.reader = reader;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (position() < (1 << 20)) {
        return super.read(dst);
      }
      reader.set(Thread.currentThread());
      reading.countDown();
      try {
        new java.util.concurrent.CountDownLatch(1).await();
      } catch (InterruptedException e) {
        throw new java.nio.channels.ClosedByInterruptException();
      }
      throw new IllegalStateException("a latch nobody counts down was passed");
    }
  }

  @Test
  void aChannel_isHashedFromItsStart_inOrder_andLeftAtItsEnd() throws IOException {
    Path f = Files.write(dir.resolve("f"), pattern((8 << 20) + 1));
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      ch.position(12345);
      assertEquals(AT_MIN_PLUS_ONE, Sha256.of(ch));
      assertEquals((8 << 20) + 1, ch.position(), "the descriptor's position followed the reads");
    }
    Path small = Files.write(dir.resolve("small"), pattern(1000));
    try (FileChannel ch = FileChannel.open(small, StandardOpenOption.READ)) {
      ch.position(999);
      String hash = Sha256.of(ch);
      assertEquals(Sha256.of(pattern(1000)), hash);
      assertEquals(1000, ch.position());
    }
  }

  @Test
  void everyByte_isCountedOnTheCallersThread() throws IOException {
    Path f = Files.write(dir.resolve("f"), pattern((9 << 20) - 1));
    Thread caller = Thread.currentThread();
    AtomicLong counted = new AtomicLong();
    List<Thread> counters = new ArrayList<>();
    String hash = ByteMeter.counting(n -> {
      counted.addAndGet(n);
      counters.add(Thread.currentThread());
    }, () -> Sha256.of(f));
    assertEquals(BUFFER_SHORT, hash);
    assertEquals((9L << 20) - 1, counted.get(), "a progress bar gets every byte once");
    assertTrue(counters.size() > 1, "the bar moves while the file is read, not once at its end");
    counters.forEach(t -> assertSame(caller, t));
  }

  @Test
  void aReadThatFails_failsTheHash_withThatError() throws IOException {
    Path f = Files.write(dir.resolve("f"), pattern(9 << 20));
    IOException broken = new IOException("Input/output error");
    try (FileChannel real = FileChannel.open(f, StandardOpenOption.READ);
         FileChannel failing = new FailingAfter(real, 3L << 20, broken)) {
      IOException thrown = assertThrows(IOException.class, () -> Sha256.of(failing));
      assertSame(broken, thrown);
    }
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("mlctl-hash-reader") && t.isAlive() && t.getState() == Thread.State.WAITING),
        "no reader is left waiting for a buffer");
  }

  /** A channel whose positional reads fail from a given offset on. */
  private static class FailingAfter extends FileChannel {
    private final FileChannel real;
    private final long from;
    private final IOException error;

    FailingAfter(FileChannel real, long from, IOException error) {
      this.real = real;
      this.from = from;
      this.error = error;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (real.position() >= from) {
        throw error;
      }
      return real.read(dst);
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public int read(ByteBuffer dst, long position) {
      throw new UnsupportedOperationException("the hash reads in order");
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public FileChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void force(boolean metaData) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.channels.FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() {
      // the real channel is closed by its owner
    }
  }
}
