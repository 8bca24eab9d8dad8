package io.mlctl.core.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * A secret of this user on this machine, kept outside every work tree ({@code
 * $XDG_CACHE_HOME/mlctl/state-key}, else {@code ~/.cache/mlctl/state-key}), that seals state files
 * whose contents mlctl would act on without checking them again. Files under {@code .mlctl/state/}
 * are never committed by mlctl, but nothing stops a repository's author from committing one; a seal
 * made with a key no clone shares turns such a file into a file mlctl ignores.
 */
public final class MachineKey {
  private static final int LENGTH = 32;
  private final Path file;
  private volatile byte[] key;

  private MachineKey(Path file) {
    this.file = file;
  }

  /** The key file that the environment names. */
  public static MachineKey of(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(userHome, ".cache");
    return new MachineKey(base.resolve("mlctl").resolve("state-key"));
  }

  /** The key of the running process's user. */
  public static MachineKey current() {
    return Holder.CURRENT;
  }

  private static final class Holder {
    static final MachineKey CURRENT = of(System.getenv(), System.getProperty("user.home"));
  }

  /**
   * The seal of {@code text}: SHA-256 of the key and the text, in hex; null when there is no key and
   * {@code create} is false, or when none can be made (an unwritable home).
   */
  public String seal(CharSequence text, boolean create) {
    byte[] k = key(create);
    if (k == null) {
      return null;
    }
    MessageDigest md = sha256();
    md.update(k);
    md.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(text)));
    return HexFormat.of().formatHex(md.digest());
  }

  /** Whether {@code seal} is the seal of {@code text} under this machine's key. */
  public boolean verifies(CharSequence text, String seal) {
    String expected = seal(text, false);
    return expected != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), seal.getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] key(boolean create) {
    byte[] k = key;
    if (k != null) {
      return k;
    }
    try {
      k = Files.readAllBytes(file);
      if (k.length != LENGTH) {
        return null;
      }
    } catch (IOException missing) {
      if (!create) {
        return null;
      }
      k = make();
      if (k == null) {
        return null;
      }
    }
    key = k;
    return k;
  }

  /** Writes a new key where only this user can read it; another process may win the race. */
  private byte[] make() {
    byte[] k = new byte[LENGTH];
    new SecureRandom().nextBytes(k);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("state-key." + ProcessHandle.current().pid() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        ch.write(ByteBuffer.wrap(k));
        ch.force(true);
      }
      try {
        // A link, not a rename: the first key made stays, so no seal already written goes stale.
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException lost) {
        k = Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return k.length == LENGTH ? k : null;
    } catch (IOException | UnsupportedOperationException cannot) {
      return null;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
