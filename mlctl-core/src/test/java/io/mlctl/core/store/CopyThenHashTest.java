package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel copies, then the copy is hashed. Expected digests: FIPS 180-2 appendix B ("abc") and
 * Python's hashlib over {@link PipelinedHashTest#pattern} (its class says how).
 */
class CopyThenHashTest {
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String BIG = PipelinedHashTest.AT_MIN_PLUS_ONE;

  @TempDir
  Path dir;

  private static byte[] pattern(int n) {
    return PipelinedHashTest.pattern(n);
  }

  @Test
  void copiesTheBytes_andNamesWhatLanded() throws Exception {
    Path src = Files.writeString(dir.resolve("abc"), "abc");
    Copier.Copied c = Copier.copyThenHash(src, dir.resolve("copy"));
    assertEquals(new Copier.Copied(ABC, 3, Copier.Way.KERNEL_THEN_HASH), c);
    assertEquals("abc", Files.readString(dir.resolve("copy")));

    byte[] big = pattern((8 << 20) + 1);
    Copier.Copied b = Copier.copyThenHash(Files.write(dir.resolve("big"), big), dir.resolve("big-copy"));
    assertEquals(new Copier.Copied(BIG, big.length, Copier.Way.KERNEL_THEN_HASH), b);
    assertArrayEquals(big, Files.readAllBytes(dir.resolve("big-copy")));

    assertEquals(new Copier.Copied(EMPTY, 0, Copier.Way.KERNEL_THEN_HASH),
        Copier.copyThenHash(Files.write(dir.resolve("empty"), new byte[0]), dir.resolve("empty-copy")));
    assertEquals(0, Files.size(dir.resolve("empty-copy")));
  }

  @Test
  void neverWritesOverAFileThatIsThere() throws Exception {
    Path src = Files.writeString(dir.resolve("abc"), "abc");
    Path there = Files.writeString(dir.resolve("there"), "someone's");
    assertThrows(FileAlreadyExistsException.class, () -> Copier.copyThenHash(src, there));
    assertEquals("someone's", Files.readString(there));
  }

  @Test
  void worksWhereTheKernelCannotCopy_anInMemoryFileSystem() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path src = Files.write(fs.getPath("/big"), pattern((8 << 20) + 1));
      assertEquals(new Copier.Copied(BIG, (8 << 20) + 1, Copier.Way.KERNEL_THEN_HASH), Copier.copyThenHash(src, fs.getPath("/copy")));
    }
  }
}
