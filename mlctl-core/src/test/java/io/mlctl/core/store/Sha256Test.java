package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expected digests are the examples of FIPS 180-2, appendix B (SHA-256), and hashlib's. */
class Sha256Test {
  private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String MILLION_A = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

  private static byte[] millionA() {
    byte[] b = new byte[1_000_000];
    Arrays.fill(b, (byte) 'a');
    return b;
  }

  @Test
  void ofBytes_ofAStream_andOfAFile_giveTheStandardsDigests(@TempDir Path dir) throws Exception {
    assertEquals(ABC, Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(EMPTY, Sha256.of(new byte[0]));
    assertEquals(ABC, Sha256.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(EMPTY, Sha256.of(new ByteArrayInputStream(new byte[0])));
    assertEquals(MILLION_A, Sha256.of(new ByteArrayInputStream(millionA())), "read in many pieces");
    assertEquals(MILLION_A, Sha256.of(Files.write(dir.resolve("a"), millionA())));
    assertEquals(EMPTY, Sha256.of(Files.write(dir.resolve("empty"), new byte[0])));
  }

  /** Bytes {@code i % 251}: no run of a buffer's length repeats at a buffer's offset. */
  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  // The file is read in buffers of Sha256.BUFFER (1 MiB) bytes: sizes on either side of one and
  // of several. Digests from Python's hashlib (src/test/python/golden.py).
  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({
      "0, e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "1, 6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "1048575, 8b55c6a2d3444092a316985030e00c1e6f8608eaf912c896dee7c374d440ed11",
      "1048576, 631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769",
      "1048577, 5769f52bc3eef28afa39c6fc68cadb7d0bd69812ae3a3d71452f519ec3c7aa56",
      "3145733, b01669d77761c4dfdfc8fb927821087bcf5c9ef1f917c4f1f8504e529f19edab"})
  void ofAFile_aroundTheReadBuffersSize_givesHashlibsDigest(int size, String digest, @TempDir Path dir) throws Exception {
    assertEquals(1 << 20, Sha256.BUFFER);
    Path file = Files.write(dir.resolve("f.bin"), pattern(size));
    int children = FastHash.started();

    assertEquals(digest, Sha256.ofHere(file));
    assertEquals(digest, Sha256.of(file));
    assertEquals(digest, Sha256.of(Files.newInputStream(file)));
    assertEquals(children, FastHash.started(), "small files are hashed in this process");
  }

  @Test
  void ofAFile_counts_theBytesItReads(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("f.bin"), pattern((3 << 20) + 5));
    java.util.List<Long> counts = new java.util.ArrayList<>();

    java.util.List<Long> streamed = new java.util.ArrayList<>();

    String hash = io.mlctl.core.util.ByteMeter.counting(counts::add, () -> Sha256.ofHere(file));
    String fromStream = io.mlctl.core.util.ByteMeter.counting(streamed::add, () -> Sha256.of(Files.newInputStream(file)));

    assertEquals("b01669d77761c4dfdfc8fb927821087bcf5c9ef1f917c4f1f8504e529f19edab", hash);
    assertEquals(hash, fromStream);
    assertEquals((3L << 20) + 5, counts.stream().mapToLong(Long::longValue).sum());
    assertEquals((3L << 20) + 5, streamed.stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void isHash_acceptsOnly64LowercaseHexDigits() {
    assertTrue(Sha256.isHash(ABC));
    assertTrue(Sha256.isHash("0123456789abcdef".repeat(4)));
    assertFalse(Sha256.isHash(null));
    assertFalse(Sha256.isHash(ABC.substring(1)));
    assertFalse(Sha256.isHash(ABC + "0"));
    assertFalse(Sha256.isHash(ABC.toUpperCase(java.util.Locale.ROOT)));
    // the characters just outside '0'..'9' and 'a'..'f', anywhere in the string
    for (char c : new char[] {'/', ':', '`', 'g'}) {
      assertFalse(Sha256.isHash(c + ABC.substring(1)), String.valueOf(c));
      assertFalse(Sha256.isHash(ABC.substring(0, 63) + c), String.valueOf(c));
    }
  }
}
