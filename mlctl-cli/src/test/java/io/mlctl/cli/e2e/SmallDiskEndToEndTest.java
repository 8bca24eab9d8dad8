package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add}, {@code checkout} and {@code pull} on a real disk that is full: a 2 MiB tmpfs,
 * mounted for the test where the machine lets it (root, or a container with the right to mount);
 * skipped elsewhere, where the core tests' fault-injecting file system covers the same ground.
 * Exit 5 and one line naming the file and "no space left on device"; nothing half-written; and
 * once the disk has room (remounted larger) the same command succeeds.
 */
class SmallDiskEndToEndTest {
  private static final int SIZE = 1_200_000;

  @TempDir
  Path tmp;

  private Path disk;
  private boolean mounted;

  @BeforeEach
  void mount() throws Exception {
    disk = Files.createDirectories(tmp.resolve("disk"));
    mounted = sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString());
    Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (not root?)");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      sh("umount", "-l", disk.toString());
    }
  }

  private void resize(String size) throws Exception {
    assertTrue(sh("mount", "-o", "remount,size=" + size, disk.toString()), "remount to " + size);
  }

  private static boolean sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static byte[] bytes(long seed) {
    byte[] b = new byte[SIZE];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Temporary files anywhere in the project (the lock's own file excepted). */
  private static List<String> leftovers(CliProject p) throws IOException {
    try (Stream<Path> all = Files.walk(p.root())) {
      return all.filter(f -> f.getFileName().toString().contains(".mlctl-tmp-")
              || f.getParent().endsWith(".mlctl/tmp") && Files.isRegularFile(f) && !f.endsWith("lock"))
          .map(f -> p.root().relativize(f).toString()).toList();
    }
  }

  private static String errorLine(CliProject.Run r) {
    assertEquals(5, r.code(), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().startsWith("mlctl: error: "), r::toString);
    assertFalse(r.err().contains("Exception"), r::toString);
    return r.err().strip();
  }

  @Test
  void add_onAFullDisk_exits5NamingTheFile_andWorksOnceThereIsRoom() throws Exception {
    CliProject p = CliProject.init(disk.resolve("p"));
    byte[] data = bytes(1);
    p.write("data/big.bin", data);

    String line = errorLine(p.run("add", "data/big.bin"));

    assertEquals("mlctl: error: cannot add to the cache " + p.path("data/big.bin") + ": no space left on device", line);
    assertFalse(Files.exists(p.path("data/big.bin.mlctl")));
    assertEquals(List.of(), leftovers(p));

    resize("8m");
    p.ok("add", "data/big.bin");
    assertTrue(Files.exists(p.path("data/big.bin.mlctl")));
    assertEquals(0, p.run("fsck").code());
  }

  @Test
  void checkout_onAFullDisk_exits5NamingTheFile_leavesNoPartOfIt_andWorksOnceThereIsRoom() throws Exception {
    resize("8m");
    CliProject p = CliProject.init(disk.resolve("p"));
    byte[] data = bytes(2);
    p.write("data/big.bin", data);
    p.ok("add", "data/big.bin");
    Files.delete(p.path("data/big.bin"));
    resize("2m");

    String line = errorLine(p.run("checkout"));

    assertEquals("mlctl: error: cannot check out " + p.path("data/big.bin") + ": no space left on device", line);
    assertFalse(Files.exists(p.path("data/big.bin")));
    assertEquals(List.of(), leftovers(p));

    resize("8m");
    p.ok("checkout");
    assertArrayEquals(data, Files.readAllBytes(p.path("data/big.bin")));
  }

  @Test
  void pull_onAFullDisk_exits5_andTheNextPullFetchesNothingAgain() throws Exception {
    CliProject a = CliProject.init(tmp.resolve("a"));
    byte[] data = bytes(3);
    a.write("data/big.bin", data);
    a.ok("add", "data/big.bin");
    a.ok("remote", "add", "origin", tmp.resolve("remote").toString());
    a.ok("push");
    CliProject b = a.cloneTo(disk.resolve("b"));

    String line = errorLine(b.run("pull"));

    // The object fits in the cache; the work-tree copy does not.
    assertEquals("mlctl: error: cannot check out " + b.path("data/big.bin") + ": no space left on device", line);
    assertFalse(Files.exists(b.path("data/big.bin")));
    assertEquals(List.of(), leftovers(b));

    resize("8m");
    CliProject.Run again = b.ok("pull");
    assertTrue(again.out().contains("Fetched 0 objects"), again.toString());
    assertArrayEquals(data, Files.readAllBytes(b.path("data/big.bin")));
  }

  @Test
  void push_toAFolderRemoteOnAFullDisk_exits5NamingTheRemote_andTheNextPushSendsOnlyWhatDidNotArrive() throws Exception {
    CliProject a = CliProject.init(tmp.resolve("a"));
    a.write("data/a.bin", bytes(4));
    a.write("data/b.bin", bytes(5));
    a.ok("add", "data/a.bin", "data/b.bin");
    a.ok("remote", "add", "origin", disk.resolve("remote").toString());

    String line = errorLine(a.run("push", "-j", "1"));

    // One object fits on the remote's disk, the second does not.
    assertTrue(line.matches("mlctl: error: cannot push 'data/[ab]\\.bin' to remote 'origin': no space left on device"), line);
    List<Path> arrived;
    try (Stream<Path> all = Files.walk(disk.resolve("remote"))) {
      arrived = all.filter(Files::isRegularFile).toList();
    }
    assertEquals(1, arrived.size(), "whole objects only on the remote: " + arrived);

    resize("8m");
    CliProject.Run again = a.ok("push");
    assertTrue(again.out().contains("Pushed 1 object ") && again.out().contains("1 already there"), again.toString());
  }
}
