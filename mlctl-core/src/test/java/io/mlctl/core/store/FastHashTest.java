package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A big file read by a command without C2 is hashed by a JVM with it, to the same hash. */
class FastHashTest {
  @TempDir
  Path tmp;

  @Test
  void theChildJvm_printsTheSameHashAsThisOne() throws Exception {
    byte[] bytes = new byte[3 << 20];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("big.bin"), bytes);

    assertEquals(Sha256.of(bytes), FastHash.inChild(file));
    assertEquals(Sha256.of(bytes), Sha256.ofHere(file));
  }

  @Test
  void theChildJvm_reportsTheBytesItHashesAsItGoes() throws Exception {
    Path file = tmp.resolve("sparse.bin");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(40L << 20);
    }
    java.util.List<Long> counts = new java.util.ArrayList<>();
    String hash = io.mlctl.core.util.ByteMeter.counting(counts::add, () -> FastHash.inChild(file));
    assertEquals(Sha256.ofHere(file), hash);
    // Every 16 MiB: two reports before the hash, the rest is the caller's to count when the file is done.
    assertEquals(2, counts.size(), counts.toString());
    assertEquals(32L << 20, counts.stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void aFileTheChildCannotRead_givesNoHash_soTheCallerHashesItself() {
    assertNull(FastHash.inChild(tmp.resolve("gone.bin")));
  }

  @Test
  void withoutTheLaunchersWord_everythingIsHashedHere() {
    // The test JVM runs with C2 and without -Dmlctl.jit=c1.
    assertFalse(FastHash.worthIt(1L << 40));
  }
}
