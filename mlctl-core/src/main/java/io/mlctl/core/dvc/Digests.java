package io.mlctl.core.dvc;

import io.mlctl.core.store.Sha256;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.codec.binary.Hex;

/**
 * The digests of one pass over a file's bytes: MD5 as DVC 3 takes it, MD5 after CRLF became LF
 * as DVC 2 took it for text files (only when asked for), and optionally SHA-256. Not thread-safe.
 */
final class Digests {
  private final MessageDigest md5 = newMd5();
  private final MessageDigest unixMd5;
  private final MessageDigest sha256;
  private final byte[] converted = new byte[1 << 16];
  private boolean pendingCr;
  private long size;

  /**
   * @param legacy also take DVC 2's MD5 with line ends made LF
   * @param sha256 also take SHA-256 (false when the bytes go through the object store, which takes it)
   */
  Digests(boolean legacy, boolean sha256) {
    this.unixMd5 = legacy ? newMd5() : null;
    this.sha256 = sha256 ? Sha256.newDigest() : null;
  }

  void update(byte[] buf, int off, int len) {
    md5.update(buf, off, len);
    if (sha256 != null) {
      sha256.update(buf, off, len);
    }
    size += len;
    if (unixMd5 != null) {
      dos2unix(buf, off, len);
    }
  }

  // A CR is held back until the next byte says whether it starts a CRLF, even across reads.
  private void dos2unix(byte[] buf, int off, int len) {
    int n = 0;
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      if (n >= converted.length - 2) {
        unixMd5.update(converted, 0, n);
        n = 0;
      }
      if (pendingCr) {
        pendingCr = false;
        if (b != '\n') {
          converted[n++] = '\r';
        }
      }
      if (b == '\r') {
        pendingCr = true;
      } else {
        converted[n++] = b;
      }
    }
    unixMd5.update(converted, 0, n);
  }

  /** Whether the bytes are the ones DVC recorded under {@code expected}. Call once, at the end. */
  boolean matches(String expected) {
    if (Hex.encodeHexString(md5.digest()).equals(expected)) {
      return true;
    }
    if (unixMd5 == null) {
      return false;
    }
    if (pendingCr) {
      unixMd5.update((byte) '\r');
    }
    return Hex.encodeHexString(unixMd5.digest()).equals(expected);
  }

  String sha256() {
    return Sha256.hex(sha256);
  }

  long size() {
    return size;
  }

  static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }
}
