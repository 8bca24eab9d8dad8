package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache.type} reflink on a file system that clones: an XFS image with reflinks, mounted
 * through a loop device. Needs root and xfsprogs, so it is skipped where either is missing. Add
 * and checkout of a big file must leave the disk usage where it was (the cache and the work tree
 * share blocks), the object must be intact, and a write to the work-tree file must not reach it.
 */
class ReflinkEndToEndTest {
  private static final int MIB = 1 << 20;

  @TempDir
  Path tmp;

  private Path mnt;

  private static int sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private static boolean runs(String... cmd) {
    try {
      return sh(cmd) == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @BeforeEach
  void mount() throws Exception {
    assumeTrue(runs("sh", "-c", "[ \"$(id -u)\" = 0 ] && command -v mkfs.xfs"), "needs root and mkfs.xfs (xfsprogs)");
    Path img = tmp.resolve("xfs.img");
    try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
      f.setLength(400L * MIB);
    }
    assumeTrue(runs("mkfs.xfs", "-q", "-m", "reflink=1", img.toString()), "mkfs.xfs failed");
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    boolean mounted = runs("mount", "-o", "loop", img.toString(), mnt.toString());
    if (!mounted) {
      mnt = null;
    }
    assumeTrue(mounted, "cannot mount a loop device here");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mnt != null) {
      sh("umount", mnt.toString());
    }
  }

  private long usedBytes() throws IOException {
    var store = Files.getFileStore(mnt);
    return store.getTotalSpace() - store.getUnallocatedSpace();
  }

  @Test
  void addAndCheckout_shareBlocksWithTheCache_andAWriteNeverReachesIt() throws Exception {
    CliProject p = CliProject.init(mnt.resolve("repo"));
    byte[] bytes = new byte[48 * MIB];
    new Random(5).nextBytes(bytes);
    p.write("big.bin", bytes);
    runs("sync");
    long before = usedBytes();

    p.ok("add", "big.bin");
    runs("sync");
    long afterAdd = usedBytes();
    assertTrue(afterAdd - before < 8L * MIB, "add cloned rather than copied: " + (afterAdd - before) / MIB + " MiB more");

    Files.delete(p.path("big.bin"));
    p.ok("checkout", "big.bin");
    runs("sync");
    assertTrue(usedBytes() - before < 8L * MIB, "checkout cloned too");
    assertArrayEquals(bytes, p.bytes("big.bin"));
    assertTrue(Files.isWritable(p.path("big.bin")), "a clone is the user's to edit");
    assertFalse(Files.isSymbolicLink(p.path("big.bin")));

    Files.write(p.path("big.bin"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE);
    assertEquals(0, p.run("fsck").code(), "the object is untouched by the write");
    CliProject.Run status = p.run("status", "--check");
    assertEquals(1, status.code(), status.toString());
    assertTrue(status.out().contains("big.bin"), status.out());
  }
}
