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

/** The expected digests are the examples of FIPS 180-2, appendix B (SHA-256). */
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
