package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A copy holds exactly the source's bytes and names them by their SHA-256, whichever way it was written. */
public class CopierTest {
  @TempDir
  Path tmp;

  private static byte[] bytes(long size, long seed) {
    byte[] b = new byte[(int) size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) throws Exception {
    return org.apache.commons.codec.binary.Hex.encodeHexString(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /**
   * Whether the file system of {@code dir} takes direct I/O as the copier asks for it (a block size
   * that divides 4 KiB, and O_DIRECT accepted): the way a big copy goes depends on it.
   */
  public static boolean directOffered(Path dir) throws IOException {
    long block = Files.getFileStore(dir).getBlockSize();
    if (block <= 0 || 4096 % block != 0) {
      return false;
    }
    Path probe = dir.resolve("direct-probe");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(probe, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
      return true;
    } catch (IOException | UnsupportedOperationException refused) {
      return false;
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  @Test
  void way_isWholeUpToTheSmallLimit_thenStreamed_eachDirectOrNot() {
    assertEquals(1L << 20, Copier.SMALL);
    assertEquals(Copier.Way.WHOLE, Copier.way(0, false));
    assertEquals(Copier.Way.WHOLE, Copier.way(Copier.SMALL, false));
    assertEquals(Copier.Way.STREAMED, Copier.way(Copier.SMALL + 1, false));
    assertEquals(Copier.Way.WHOLE_DIRECT, Copier.way(Copier.SMALL, true));
    assertEquals(Copier.Way.STREAMED_DIRECT, Copier.way(Copier.SMALL + 1, true));
  }

  @Test
  void triesDirect_fromItsLimitOn() {
    assertEquals(64L << 20, Copier.DIRECT_MIN);
    assertEquals(256L << 10, Copier.COLD_DIRECT_MIN);
    assertFalse(Copier.triesDirect(Copier.DIRECT_MIN - 1, Copier.DIRECT_MIN));
    assertTrue(Copier.triesDirect(Copier.DIRECT_MIN, Copier.DIRECT_MIN));
    assertTrue(Copier.triesDirect(Copier.DIRECT_MIN + 1, Copier.DIRECT_MIN));
    assertFalse(Copier.triesDirect(Copier.COLD_DIRECT_MIN - 1, Copier.COLD_DIRECT_MIN));
    assertTrue(Copier.triesDirect(Copier.COLD_DIRECT_MIN, Copier.COLD_DIRECT_MIN));
  }

  @Test
  void smallBuffer_holdsTheFileAndOneByteMore_andAtLeast64KiB() {
    assertEquals(64 * 1024, Copier.smallBuffer(null, 0).capacity());
    assertEquals(64 * 1024, Copier.smallBuffer(null, 64 * 1024 - 1).capacity());
    assertEquals(64 * 1024 + 1, Copier.smallBuffer(null, 64 * 1024).capacity());
    assertEquals(100_001, Copier.smallBuffer(null, 100_000).capacity());
    assertEquals((int) Copier.SMALL + 1, Copier.smallBuffer(null, Copier.SMALL).capacity());

    java.nio.ByteBuffer held = java.nio.ByteBuffer.allocate(100_001);
    assertSame(held, Copier.smallBuffer(held, 100_000), "big enough: kept");
    assertSame(held, Copier.smallBuffer(held, 10));
    assertEquals(100_002, Copier.smallBuffer(held, 100_001).capacity(), "one byte short: replaced");
  }

  /** Sizes around the small limit and the direct-I/O limit, aligned and not. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, Copier.SMALL, Copier.SMALL + 1, 5L << 20, Copier.DIRECT_MIN - 1, Copier.DIRECT_MIN,
      Copier.DIRECT_MIN + 1, Copier.DIRECT_MIN + 4096, Copier.DIRECT_MIN + (4L << 20) + 12345})
  void copy_onTheDisk_holdsTheSourceBytes(long size) throws Exception {
    byte[] data = bytes(size, size);
    Path src = Files.write(tmp.resolve("src"), data);
    Copier.Copied c = Copier.copy(src, tmp.resolve("dst"));
    assertEquals(size, c.size());
    assertEquals(sha256(data), c.hash());
    assertEquals(size, Files.size(tmp.resolve("dst")));
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
    boolean direct = size >= Copier.DIRECT_MIN && directOffered(tmp);
    assertEquals(Copier.way(size, direct), c.way());
  }

  /** A remote's copy is written with direct I/O from 256 KiB on, small files in one padded write. */
  @ParameterizedTest
  @ValueSource(longs = {0, 4096, Copier.COLD_DIRECT_MIN - 1, Copier.COLD_DIRECT_MIN, Copier.COLD_DIRECT_MIN + 1,
      Copier.SMALL - 1, Copier.SMALL, Copier.SMALL + 1, (3L << 20) + 17, 8L << 20})
  void coldCopy_onTheDisk_holdsTheSourceBytes(long size) throws Exception {
    byte[] data = bytes(size, size + 1);
    Path src = Files.write(tmp.resolve("src"), data);
    Copier.Copied c = Copier.copyCold(src, tmp.resolve("dst"));
    assertEquals(size, c.size());
    assertEquals(sha256(data), c.hash());
    assertEquals(size, Files.size(tmp.resolve("dst")));
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
    boolean direct = size >= Copier.COLD_DIRECT_MIN && directOffered(tmp);
    assertEquals(Copier.way(size, direct), c.way());
    // The per-thread buffer is reused: a smaller file after a bigger one carries none of its bytes.
    byte[] small = bytes(size / 3, 9);
    Path src2 = Files.write(tmp.resolve("src2"), small);
    assertEquals(sha256(small), Copier.copyCold(src2, tmp.resolve("dst2")).hash());
    assertArrayEquals(small, Files.readAllBytes(tmp.resolve("dst2")));
  }

  /**
   * A fetched object the work tree will link to: direct I/O from 256 KiB on where the file system
   * takes it, else (and below) copied by the kernel and the copy hashed; the bytes and the hash
   * the same either way.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 3, Copier.COLD_DIRECT_MIN - 1, Copier.COLD_DIRECT_MIN, Copier.COLD_DIRECT_MIN + 5,
      Copier.SMALL, Copier.SMALL + 1, (3L << 20) + 17})
  void coldCopyThenHash_onTheDisk_holdsTheSourceBytes_directFromItsLimit(long size) throws Exception {
    byte[] data = bytes(size, size + 2);
    Path src = Files.write(tmp.resolve("src"), data);
    long before = Copier.directSoFar();
    Copier.Copied c = Copier.copyColdThenHash(src, tmp.resolve("dst"));
    assertEquals(sha256(data), c.hash());
    assertEquals(size, c.size());
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")), "no padding left after the last block");
    boolean direct = size >= Copier.COLD_DIRECT_MIN && directOffered(tmp);
    assertEquals(direct ? Copier.way(size, true) : Copier.Way.KERNEL_THEN_HASH, c.way());
    assertEquals(before + (direct ? 1 : 0), Copier.directSoFar(), "a direct copy is counted, whole or streamed");
  }

  @Test
  void coldCopyThenHash_whereDirectIoIsNotOffered_isCopiedByTheKernel_andLeavesNoHalfFile() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      byte[] data = bytes(Copier.SMALL + 1, 4);
      Path src = Files.write(fs.getPath("/src"), data);
      Copier.Copied c = Copier.copyColdThenHash(src, fs.getPath("/dst"));
      assertEquals(new Copier.Copied(sha256(data), data.length, Copier.Way.KERNEL_THEN_HASH), c);
      assertArrayEquals(data, Files.readAllBytes(fs.getPath("/dst")));
    }
  }

  /**
   * Opens the target as a file system would that takes O_DIRECT at open and refuses the write: the
   * file made (with a few bytes in it), every write on the channel failing with an I/O error.
   */
  private static java.nio.channels.FileChannel refusingWrites(Path dst) throws IOException {
    java.nio.channels.FileChannel refusing = java.nio.channels.FileChannel.open(dst, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE);
    Files.write(dst, new byte[] {1, 2, 3});
    refusing.close();
    return refusing;
  }

  /** A file system that takes O_DIRECT at open and refuses the write: the kernel's copy then, nothing half-written left. */
  @ParameterizedTest
  @ValueSource(longs = {Copier.COLD_DIRECT_MIN, Copier.SMALL + 1})
  void coldCopyThenHash_whenTheDirectWriteIsRefused_copiesTheUsualWay(long size) throws Exception {
    byte[] data = bytes(size, 11);
    Path src = Files.write(tmp.resolve("src"), data);
    Copier.Copied c = Copier.copyColdThenHash(src, tmp.resolve("dst"), CopierTest::refusingWrites);
    assertEquals(new Copier.Copied(sha256(data), size, Copier.Way.KERNEL_THEN_HASH), c);
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
  }

  @Test
  void coldCopyThenHash_neverWritesOverAFileThatIsThere() throws Exception {
    Path src = Files.write(tmp.resolve("src"), bytes(Copier.COLD_DIRECT_MIN + 1, 6));
    Path there = Files.writeString(tmp.resolve("there"), "someone's");
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Copier.copyColdThenHash(src, there));
    assertEquals("someone's", Files.readString(there));
  }

  @Test
  void bigCopy_onAFileSystemWithoutDirectIo_isWrittenTheUsualWay() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      byte[] data = bytes(Copier.DIRECT_MIN + 777, 3);
      Path src = Files.write(fs.getPath("/src"), data);
      Copier.Copied c = Copier.copy(src, fs.getPath("/dst"));
      assertEquals(sha256(data), c.hash());
      assertEquals(Copier.Way.STREAMED, c.way());
      assertArrayEquals(data, Files.readAllBytes(fs.getPath("/dst")));
    }
  }

  // A file whose size says 0 but which has bytes (as /proc's files do) is a file that grew after
  // its size was asked: the copier notices the extra byte and streams the whole file instead.
  @Test
  void copy_ofAFileLongerThanItsSizeSaid_streamsItWhole() throws Exception {
    Path proc = Path.of("/proc/version");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(proc) && Files.size(proc) == 0, "Linux's /proc");
    byte[] data = Files.readAllBytes(proc);

    Copier.Copied c = Copier.copy(proc, tmp.resolve("dst"));
    Copier.Copied cold = Copier.copyCold(proc, tmp.resolve("cold"));

    assertTrue(data.length > 0);
    assertEquals(new Copier.Copied(sha256(data), data.length, Copier.Way.STREAMED), c);
    assertEquals(new Copier.Copied(sha256(data), data.length, Copier.Way.STREAMED), cold);
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
  }

  @Test
  void copy_neverOverwrites() throws IOException {
    Path src = Files.write(tmp.resolve("src"), bytes(Copier.DIRECT_MIN + 1, 5));
    Path dst = Files.writeString(tmp.resolve("dst"), "mine");
    org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> Copier.copy(src, dst));
    assertEquals("mine", Files.readString(dst));
  }

  // The progress bar counts what each way of copying reads.
  @ParameterizedTest
  @ValueSource(longs = {10, Copier.SMALL + 1, (9L << 20) + 3})
  void everyWay_countsTheBytesItCopies(long size) throws Exception {
    byte[] data = bytes(size, 17);
    Path src = Files.write(tmp.resolve("src"), data);
    java.util.List<Long> plain = new java.util.ArrayList<>();
    java.util.List<Long> cold = new java.util.ArrayList<>();
    java.util.List<Long> stream = new java.util.ArrayList<>();

    io.mlctl.core.util.ByteMeter.counting(plain::add, () -> Copier.copy(src, tmp.resolve("plain")));
    io.mlctl.core.util.ByteMeter.counting(cold::add, () -> Copier.copyCold(src, tmp.resolve("cold")));
    io.mlctl.core.util.ByteMeter.counting(stream::add, () -> Copier.copy(Files.newInputStream(src), tmp.resolve("stream")));

    // Whole files are counted by the caller, which knows their size; streamed ones as they go.
    long streamed = size > Copier.SMALL ? size : 0;
    assertEquals(streamed, plain.stream().mapToLong(Long::longValue).sum());
    assertEquals(streamed, cold.stream().mapToLong(Long::longValue).sum());
    assertEquals(size, stream.stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void copyOfAStream_holdsItsBytesAndNamesThem() throws Exception {
    byte[] data = bytes(700_000, 4);
    Copier.Copied c = Copier.copy(new java.io.ByteArrayInputStream(data), tmp.resolve("dst"));
    Copier.Copied empty = Copier.copy(new java.io.ByteArrayInputStream(new byte[0]), tmp.resolve("empty"));

    assertEquals(new Copier.Copied(sha256(data), data.length, Copier.Way.FROM_STREAM), c);
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
    assertEquals(new Copier.Copied(sha256(new byte[0]), 0, Copier.Way.FROM_STREAM), empty);
  }

  /** A stream that hands out at most 1,000 bytes a read, as a network connection does. */
  private static java.io.InputStream trickle(byte[] data) {
    return new java.io.ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1000));
      }
    };
  }

  /**
   * A download the work tree will link to or copy once: direct I/O from 256 KiB on (the size its
   * sender announced) where the file system takes it, the usual write below; the bytes, the hash
   * and the count of bytes for the progress bar the same either way, whatever the reads hand out.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 3, Copier.COLD_DIRECT_MIN - 1, Copier.COLD_DIRECT_MIN, Copier.COLD_DIRECT_MIN + 5,
      Copier.SMALL, Copier.SMALL + 1, 2 * Copier.SMALL, (3L << 20) + 17})
  void coldCopyOfAStream_holdsItsBytes_directFromItsLimit(long size) throws Exception {
    byte[] data = bytes(size, size + 9);
    long before = Copier.directSoFar();
    java.util.List<Long> counted = new java.util.ArrayList<>();

    Copier.Copied c = io.mlctl.core.util.ByteMeter.counting(counted::add,
        () -> Copier.copyCold(trickle(data), tmp.resolve("dst"), size));

    boolean direct = size >= Copier.COLD_DIRECT_MIN && directOffered(tmp);
    assertEquals(new Copier.Copied(sha256(data), size, direct ? Copier.Way.FROM_STREAM_DIRECT : Copier.Way.FROM_STREAM), c);
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")), "no padding left after the last block");
    assertEquals(before + (direct ? 1 : 0), Copier.directSoFar());
    assertEquals(size, counted.stream().mapToLong(Long::longValue).sum());
  }

  /** A sender that announced fewer bytes than it sends: every byte sent is kept, for the caller to compare. */
  @Test
  void coldCopyOfAStream_longerThanAnnounced_keepsItWhole() throws Exception {
    byte[] data = bytes(Copier.SMALL + 4097, 12);
    Copier.Copied c = Copier.copyCold(trickle(data), tmp.resolve("dst"), Copier.COLD_DIRECT_MIN);
    assertEquals(sha256(data), c.hash());
    assertEquals(data.length, c.size());
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
  }

  @Test
  void coldCopyOfAStream_whereDirectIoIsNotOffered_isWrittenTheUsualWay() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      byte[] data = bytes(Copier.SMALL + 1, 13);
      Copier.Copied c = Copier.copyCold(trickle(data), fs.getPath("/dst"), data.length);
      assertEquals(new Copier.Copied(sha256(data), data.length, Copier.Way.FROM_STREAM), c);
      assertArrayEquals(data, Files.readAllBytes(fs.getPath("/dst")));
    }
  }

  /** Direct I/O taken at open, refused at the first write: the bytes already read and the rest go the usual way. */
  @ParameterizedTest
  @ValueSource(longs = {Copier.COLD_DIRECT_MIN, (3L << 20) + 1})
  void coldCopyOfAStream_whenTheDirectWriteIsRefused_writesTheUsualWay(long size) throws Exception {
    byte[] data = bytes(size, 14);
    Copier.Copied c = Copier.copyCold(trickle(data), tmp.resolve("dst"), size, CopierTest::refusingWrites);
    assertEquals(new Copier.Copied(sha256(data), size, Copier.Way.FROM_STREAM), c);
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
  }

  @Test
  void coldCopyOfAStream_neverWritesOverAFileThatIsThere() throws Exception {
    Path there = Files.writeString(tmp.resolve("there"), "someone's");
    byte[] data = bytes(Copier.COLD_DIRECT_MIN + 1, 15);
    assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> Copier.copyCold(trickle(data), there, data.length));
    assertEquals("someone's", Files.readString(there));
  }

  @Test
  void copyReadOnly_isReadOnlyWherePermissionsExist_andAPlainCopyElsewhere() throws Exception {
    byte[] data = bytes(5000, 6);
    Path src = Files.write(tmp.resolve("src"), data);
    assertEquals(sha256(data), Copier.copyReadOnly(src, tmp.resolve("ro")).hash());
    assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"),
        Files.getPosixFilePermissions(tmp.resolve("ro")));

    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic").build())) {
      Path s = Files.write(fs.getPath("/src"), data);
      assertEquals(sha256(data), Copier.copyReadOnly(s, fs.getPath("/dst")).hash());
      assertArrayEquals(data, Files.readAllBytes(fs.getPath("/dst")));
    }
  }

  // A thread's small-file buffer starts empty and grows with the files it meets (one byte more
  // than each, to notice growth): sizes on either side of each step.
  @Test
  void copy_onAFreshThread_ofGrowingSizes_holdsEachFilesBytes() throws Exception {
    long[] sizes = {10, 65_535, 65_536, 100_000, Copier.SMALL - 1, Copier.SMALL};
    java.util.concurrent.ExecutorService fresh = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      for (long size : sizes) {
        byte[] data = bytes(size, size);
        Path src = Files.write(fs.getPath("/src-" + size), data);
        Copier.Copied c = fresh.submit(() -> Copier.copy(src, fs.getPath("/dst-" + size))).get();
        assertEquals(new Copier.Copied(sha256(data), size, Copier.Way.WHOLE), c);
        assertArrayEquals(data, Files.readAllBytes(fs.getPath("/dst-" + size)));
      }
    } finally {
      fresh.shutdownNow();
    }
  }
}
