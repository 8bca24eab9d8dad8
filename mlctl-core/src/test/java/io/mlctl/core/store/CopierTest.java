package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
class CopierTest {
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
  }

  /** A remote's copy is written with direct I/O from 256 KiB on, small files in one padded write. */
  @ParameterizedTest
  @ValueSource(longs = {0, 4096, Copier.COLD_DIRECT_MIN - 1, Copier.COLD_DIRECT_MIN, Copier.COLD_DIRECT_MIN + 1,
      Copier.SMALL - 1, Copier.SMALL, Copier.SMALL + 1, (3L << 20) + 17})
  void coldCopy_onTheDisk_holdsTheSourceBytes(long size) throws Exception {
    byte[] data = bytes(size, size + 1);
    Path src = Files.write(tmp.resolve("src"), data);
    Copier.Copied c = Copier.copyCold(src, tmp.resolve("dst"));
    assertEquals(size, c.size());
    assertEquals(sha256(data), c.hash());
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
    // The per-thread buffer is reused: a smaller file after a bigger one carries none of its bytes.
    byte[] small = bytes(size / 3, 9);
    Path src2 = Files.write(tmp.resolve("src2"), small);
    assertEquals(sha256(small), Copier.copyCold(src2, tmp.resolve("dst2")).hash());
    assertArrayEquals(small, Files.readAllBytes(tmp.resolve("dst2")));
  }

  @Test
  void bigCopy_onAFileSystemWithoutDirectIo_isWrittenTheUsualWay() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      byte[] data = bytes(Copier.DIRECT_MIN + 777, 3);
      Path src = Files.write(fs.getPath("/src"), data);
      Copier.Copied c = Copier.copy(src, fs.getPath("/dst"));
      assertEquals(sha256(data), c.hash());
      assertArrayEquals(data, Files.readAllBytes(fs.getPath("/dst")));
    }
  }

  @Test
  void copy_neverOverwrites() throws IOException {
    Path src = Files.write(tmp.resolve("src"), bytes(Copier.DIRECT_MIN + 1, 5));
    Path dst = Files.writeString(tmp.resolve("dst"), "mine");
    org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> Copier.copy(src, dst));
    assertEquals("mine", Files.readString(dst));
  }

  @Test
  void copyOfAStream_holdsItsBytesAndNamesThem() throws Exception {
    byte[] data = bytes(700_000, 4);
    Copier.Copied c = Copier.copy(new java.io.ByteArrayInputStream(data), tmp.resolve("dst"));
    Copier.Copied empty = Copier.copy(new java.io.ByteArrayInputStream(new byte[0]), tmp.resolve("empty"));

    assertEquals(new Copier.Copied(sha256(data), data.length), c);
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dst")));
    assertEquals(new Copier.Copied(sha256(new byte[0]), 0), empty);
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
        assertEquals(new Copier.Copied(sha256(data), size), c);
        assertArrayEquals(data, Files.readAllBytes(fs.getPath("/dst-" + size)));
      }
    } finally {
      fresh.shutdownNow();
    }
  }
}
