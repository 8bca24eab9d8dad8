package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlctl.cli.Main;
import io.mlctl.cli.e2e.CliRepo.Run;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGKILL an {@code mlctl add} of a 300 MiB file at several instants: before it has made anything,
 * as its copy into the cache begins, and with the copy part done. Whatever the instant, the repository holds the old state
 * or the new one (no pointer, or a complete one naming the right bytes), every cached object
 * hashes to its name, and the next write command clears what the killed one left and succeeds.
 */
@Timeout(120)
class KillDuringAddTest {
  private static final long SIZE = 300L << 20;
  private static final String TMP_SIBLING = "^\\..+\\.mlctl-tmp-.*";

  @TempDir
  static Path shared;

  private static String expected;

  /** The big file's content is the same in every case, so its hash is computed once. */
  @BeforeAll
  static void hashTheBigFile() throws IOException {
    Path f = shared.resolve("big.bin");
    makeBigFile(f);
    expected = Sha256.of(f);
  }

  /** 300 MiB, sparse (instant to make), with random blocks so it is not all zeros. */
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

  /**
   * @param at where the kill lands: {@code launch} right after the child starts, before it has
   *     made anything; {@code copy-begins} as soon as its temporary object appears in
   *     {@code .mlctl/tmp}; {@code copy-halfway} once that object holds some but not all bytes.
   *     The test fails when the kill did not land there (the object never appeared, the child
   *     had already ended, or the copy was already complete).
   */
  @ParameterizedTest(name = "kill at {0}")
  @CsvSource({"launch", "copy-begins", "copy-halfway"})
  void add_killedAtAnyInstant_leavesTheRepositoryConsistent(String at, @TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("repo");
    Files.createDirectories(root);
    assertEquals(0, CliRepo.run(root, "init", "--no-git").code());
    makeBigFile(root.resolve("big.bin"));

    Process child = ChildJvm.of(Main.class, "-C", root.toString(), "add", "big.bin")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      switch (at) {
        case "launch" -> { }
        case "copy-begins" -> awaitTempObject(root, child, 0);
        case "copy-halfway" -> awaitTempObject(root, child, SIZE / 4);
        default -> throw new IllegalArgumentException(at);
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
    }
    // 128 + SIGKILL: the kill ended it, it had not finished on its own.
    assertEquals(137, child.exitValue(), "the child ended before the kill at " + at);
    if (!at.equals("launch")) {
      // The copy was under way, so the pointer that names it cannot have been written.
      assertTrue(Files.notExists(root.resolve("big.bin.mlctl")), "a pointer before the copy ended");
    }

    // Where the kill landed, for failure messages: it varies with the machine's speed.
    String left = "child exit " + child.exitValue() + ", .mlctl/tmp "
        + (Files.isDirectory(root.resolve(".mlctl/tmp")) ? names(root.resolve(".mlctl/tmp")) : "absent")
        + ", pointer " + (Files.exists(root.resolve("big.bin.mlctl")) ? "present" : "absent");
    assertPointerAbsentOrComplete(root, left);
    assertEveryObjectHashesToItsName(root, left);

    Run next = CliRepo.run(root, "add", "big.bin");

    assertEquals(0, next.code(), left + "\n" + next);
    assertEquals(List.of("lock"), names(root.resolve(".mlctl/tmp")), left);
    assertEquals(List.of(), tempSiblings(root), left);
    assertEquals(List.of(Output.file("big.bin", expected, SIZE)),
        PointerFile.parse(Files.readString(root.resolve("big.bin.mlctl")), "big.bin.mlctl"));
    assertEquals(SIZE, Files.size(root.resolve(".mlctl/cache/sha256").resolve(expected.substring(0, 2))
        .resolve(expected.substring(2))));
    assertEquals(0, CliRepo.run(root, "status", "--check").code());
  }

  /**
   * Waits until the child's temporary object exists and holds more than {@code minBytes} bytes
   * (and fewer than the whole file), and fails if that moment passes unseen.
   */
  private static void awaitTempObject(Path root, Process child, long minBytes) throws Exception {
    Path tmp = root.resolve(".mlctl/tmp");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (child.isAlive()) {
      if (System.nanoTime() > deadline) {
        fail("no temporary object of more than " + minBytes + " bytes appeared in .mlctl/tmp within 60 s");
      }
      for (Path p : Files.isDirectory(tmp) ? tempObjects(tmp) : List.<Path>of()) {
        long size = sizeOrMinusOne(p);
        if (size >= SIZE) {
          fail("the copy was already complete when the test looked (" + size + " bytes)");
        }
        if (size >= minBytes) {
          return;
        }
      }
      Thread.sleep(1);
    }
    fail("the child ended (exit " + child.exitValue() + ") before its temporary object was seen");
  }

  private static List<Path> tempObjects(Path tmp) throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith("obj-")).toList();
    } catch (java.nio.file.NoSuchFileException gone) {
      return List.of();
    }
  }

  private static long sizeOrMinusOne(Path p) {
    try {
      return Files.size(p);
    } catch (IOException renamedOrRemoved) {
      return -1;
    }
  }

  private static void assertPointerAbsentOrComplete(Path root, String left) throws IOException {
    Path pointer = root.resolve("big.bin.mlctl");
    if (Files.exists(pointer)) {
      assertEquals(List.of(Output.file("big.bin", expected, SIZE)),
          PointerFile.parse(Files.readString(pointer), "big.bin.mlctl"), "a pointer, but not the complete one: " + left);
    }
  }

  private static void assertEveryObjectHashesToItsName(Path root, String left) throws IOException {
    Path store = root.resolve(".mlctl/cache/sha256");
    if (!Files.isDirectory(store)) {
      return;
    }
    try (Stream<Path> s = Files.walk(store)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String name = p.getParent().getFileName().toString() + p.getFileName();
        assertEquals(name, Sha256.of(p), "object " + name + " is damaged: " + left);
      }
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> tempSiblings(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().matches(TMP_SIBLING)).map(Path::toString).toList();
    }
  }
}
