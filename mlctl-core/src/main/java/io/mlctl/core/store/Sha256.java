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
   * Hashes a file's bytes. A big file read by a command that runs without C2 is hashed by a JVM
   * that has it ({@link FastHash}).
   */
  public static String of(Path file) throws IOException {
    if (file.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
      long size = java.nio.file.Files.size(file);
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
    MessageDigest d = newDigest();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(ch.size(), 1)));
      for (int n; (n = ch.read(buf)) >= 0; ) {
        io.mlctl.core.util.ByteMeter.count(n);
        buf.flip();
        d.update(buf);
        buf.clear();
      }
    }
    return hex(d);
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
