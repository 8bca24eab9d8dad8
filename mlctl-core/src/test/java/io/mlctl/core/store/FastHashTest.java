package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big file read by a command without C2 is hashed by a JVM with it, to the same hash. Digests of
 * 64 MiB of zeros from Python's hashlib (src/test/python/golden.py).
 */
class FastHashTest {
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String ZEROS_64MIB = "3b6a07d0d404fab4e23b6d34bc6696a6a312dd92821332385e5af7c01c421351";
  private static final String ZEROS_64MIB_LESS_1 = "db1c8b00542f319ab452fcf272ff7b9013a1751e1e05c73bf64c4521f2baee63";

  @TempDir
  Path tmp;

  /**
   * The child's class path as the launcher's is made: the folders or jars mlctl-core and Commons
   * Codec were loaded from (whatever runs the tests, a build tool or a mutation tester).
   */
  private static String classPath() throws Exception {
    return String.join(File.pathSeparator,
        Path.of(FastHash.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
        Path.of(org.apache.commons.codec.binary.Hex.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
  }

  private Path sparse(String name, long size) throws Exception {
    Path file = tmp.resolve(name);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }

  /**
   * Runs {@code work} as a command the launcher started without C2 ({@code -Dmlctl.jit=c1}) on a
   * machine without openssl ({@code -Dmlctl.openssl=none}), which would otherwise hash big files first.
   */
  private static <T> T withoutC2(java.util.concurrent.Callable<T> work) throws Exception {
    String before = System.getProperty("mlctl.jit");
    String openssl = System.getProperty("mlctl.openssl");
    System.setProperty("mlctl.jit", "c1");
    System.setProperty("mlctl.openssl", "none");
    try {
      return work.call();
    } finally {
      restore("mlctl.jit", before);
      restore("mlctl.openssl", openssl);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void theChildJvm_printsTheSameHashAsThisOne() throws Exception {
    byte[] bytes = new byte[3 << 20];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("big.bin"), bytes);
    Path abc = Files.write(tmp.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));

    assertEquals(Sha256.of(bytes), FastHash.inChild(file, classPath()));
    assertEquals(Sha256.of(bytes), Sha256.ofHere(file));
    assertEquals(ABC, FastHash.inChild(abc, classPath()));
  }

  @Test
  void theChildJvm_reportsTheBytesItHashesAsItGoes() throws Exception {
    Path file = sparse("sparse.bin", 40L << 20);
    String cp = classPath();
    java.util.List<Long> counts = new java.util.ArrayList<>();
    String hash = io.mlctl.core.util.ByteMeter.counting(counts::add, () -> FastHash.inChild(file, cp));
    assertEquals(Sha256.ofHere(file), hash);
    // Every 16 MiB: two reports before the hash, the rest is the caller's to count when the file is done.
    assertEquals(java.util.List.of(16L << 20, 16L << 20), counts);
  }

  @Test
  void aFileTheChildCannotRead_givesNoHash_soTheCallerHashesItself() throws Exception {
    int before = FastHash.started();
    assertNull(FastHash.inChild(tmp.resolve("gone.bin"), classPath()));
    assertEquals(before + 1, FastHash.started());
  }

  @Test
  void aChildThatCannotStart_givesNoHash() throws Exception {
    Path abc = Files.write(tmp.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
    // A class path without mlctl: the child exits with an error and prints no hash.
    assertNull(FastHash.inChild(abc, tmp.toString()));
  }

  @Test
  void withoutTheLaunchersWord_everythingIsHashedHere() throws Exception {
    // The test JVM runs with C2 and without -Dmlctl.jit=c1.
    assertFalse(FastHash.worthIt(1L << 40));
    Path big = sparse("big.bin", FastHash.MIN_SIZE);
    int before = FastHash.started();

    assertEquals(ZEROS_64MIB, Sha256.of(big));
    assertEquals(before, FastHash.started());
  }

  @Test
  void withoutC2_onlyFilesFromTheChildsSizeOn_areWorthAChild() throws Exception {
    assertEquals(64L << 20, FastHash.MIN_SIZE);
    assertTrue(withoutC2(() -> FastHash.worthIt(FastHash.MIN_SIZE)));
    assertTrue(withoutC2(() -> FastHash.worthIt(FastHash.MIN_SIZE + 1)));
    assertFalse(withoutC2(() -> FastHash.worthIt(FastHash.MIN_SIZE - 1)));
    assertFalse(withoutC2(() -> FastHash.worthIt(0)));
    System.setProperty("mlctl.jit", "c2");
    try {
      assertFalse(FastHash.worthIt(FastHash.MIN_SIZE), "only the word c1 sends a file to the child");
    } finally {
      System.clearProperty("mlctl.jit");
    }
  }

  @Test
  void withoutC2_aBigFileOnTheDisk_isHashedByOneChild_aSmallerOneHere() throws Exception {
    Path big = sparse("big.bin", FastHash.MIN_SIZE);
    Path smaller = sparse("smaller.bin", FastHash.MIN_SIZE - 1);
    int before = FastHash.started();
    java.util.List<Long> counts = new java.util.ArrayList<>();

    assertEquals(ZEROS_64MIB, io.mlctl.core.util.ByteMeter.counting(counts::add, () -> withoutC2(() -> Sha256.of(big))));
    assertEquals(before + 1, FastHash.started());
    assertEquals(64L << 20, counts.stream().mapToLong(Long::longValue).sum(), "read once, by the child or by this process");
    assertEquals(ZEROS_64MIB_LESS_1, withoutC2(() -> Sha256.of(smaller)));
    assertEquals(before + 1, FastHash.started());
  }

  @Test
  void withoutC2_aBigFileInMemory_isHashedHere() throws Exception {
    // The child reads the default file system only: a file elsewhere is this process's to hash.
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path big = fs.getPath("/big.bin");
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(big,
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.allocate(1), FastHash.MIN_SIZE - 1);
      }
      int before = FastHash.started();

      assertEquals(ZEROS_64MIB, withoutC2(() -> Sha256.of(big)));
      assertEquals(before, FastHash.started());
    }
  }
}
