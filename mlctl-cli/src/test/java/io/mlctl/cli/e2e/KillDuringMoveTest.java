package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mlctl.cli.Main;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL an {@code mlctl add} under {@code cache.type: hardlink}, which moves the file into the
 * cache rather than copying it, while it reads the file: the file is still at its path with its
 * bytes, no pointer names it, and the next {@code add} makes the file's inode the cache object.
 * The kill lands where the test says: it watches the child's read position in the file (Linux's
 * {@code /proc/PID/fdinfo}) and fails if that moment passes unseen.
 */
@Timeout(120)
class KillDuringMoveTest {
  private static final long SIZE = 300L << 20;

  private static void makeBigFile(Path f) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(SIZE);
      Random random = new Random(42);
      byte[] block = new byte[64 << 10];
      for (long at : new long[] {0, 5L << 20, 100L << 20, 299L << 20}) {
        random.nextBytes(block);
        raf.seek(at);
        raf.write(block);
      }
    }
  }

  /** The read position of the child in {@code file}, or -1 while it has the file not open. */
  private static long readPosition(long pid, Path file) {
    Path fds = Path.of("/proc/" + pid + "/fd");
    try (Stream<Path> s = Files.list(fds)) {
      for (Path fd : s.toList()) {
        try {
          if (Files.readSymbolicLink(fd).equals(file)) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/" + fd.getFileName()))) {
              if (line.startsWith("pos:")) {
                return Long.parseLong(line.substring(4).trim());
              }
            }
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away between the listing and the look: try the others
        }
      }
    } catch (IOException gone) {
      return -1;
    }
    return -1;
  }

  @ParameterizedTest(name = "kill after {0} of the file was read")
  @ValueSource(strings = {"a little", "half"})
  void add_killedWhileReadingTheFileItMoves_leavesTheFileInPlace(String how, @TempDir Path dir) throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "needs Linux's /proc");
    // The real path: /proc names the file the child opened by it.
    Path root = Files.createDirectories(dir.resolve("repo")).toRealPath();
    assertEquals(0, CliRepo.run(root, "init", "--no-git").code());
    assertEquals(0, CliRepo.run(root, "config", "set", "cache.type", "hardlink").code());
    Path big = root.resolve("big.bin");
    makeBigFile(big);
    String expected = Sha256.of(big);
    Object inode = Files.readAttributes(big, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    long minPos = how.equals("half") ? SIZE / 2 : 1;

    ProcessBuilder pb = ChildJvm.of(Main.class, "-C", root.toString(), "add", "big.bin")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    // mlctl reads the file itself (an openssl would hash 300 MiB in a fifth of a second, too soon to
    // be caught half-way on a busy machine): the read the kill must land in is the JVM's.
    pb.environment().put("JAVA_TOOL_OPTIONS", "-Dmlctl.openssl=none");
    Process child = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        if (!child.isAlive()) {
          fail("the child ended (exit " + child.exitValue() + ") before it was seen reading past " + minPos);
        }
        if (System.nanoTime() > deadline) {
          fail("the child was not seen reading big.bin within 60 s");
        }
        // mlctl reads the file itself, or hands it to openssl as its standard input: either is the read.
        long pos = readPosition(child.pid(), big);
        for (ProcessHandle d : child.descendants().toList()) {
          pos = Math.max(pos, readPosition(d.pid(), big));
        }
        if (pos >= SIZE) {
          fail("the read was already complete when the test looked");
        }
        if (pos >= minPos) {
          break;
        }
        Thread.onSpinWait();
      }
    } finally {
      // an openssl hashing for mlctl goes too: taken before its parent dies and it is orphaned
      java.util.List<ProcessHandle> helpers = child.descendants().toList();
      child.destroyForcibly();
      helpers.forEach(ProcessHandle::destroyForcibly);
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
    }
    assertEquals(137, child.exitValue(), "the kill ended the child, not its own end");

    assertTrue(Files.notExists(root.resolve("big.bin.mlctl")), "no pointer before the move ended");
    assertEquals(inode, Files.readAttributes(big, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    assertEquals(expected, Sha256.of(big), "the file is at its path with its bytes");
    assertEquals(List.of(), objects(root), "nothing entered the cache");

    assertEquals(0, CliRepo.run(root, "add", "big.bin").code());
    Path object = root.resolve(".mlctl/cache/sha256/" + expected.substring(0, 2) + "/" + expected.substring(2));
    assertTrue(Files.isSameFile(big, object), "the file's inode is now the cache object");
    assertEquals(inode, Files.readAttributes(object, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    assertEquals(0, CliRepo.run(root, "status", "--check").code());
    assertEquals(0, CliRepo.run(root, "fsck").code());
  }

  private static List<Path> objects(Path root) throws IOException {
    Path store = root.resolve(".mlctl/cache/sha256");
    if (!Files.isDirectory(store)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(store)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
