package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * SIGKILL an {@code mlctl add} of a 300 MiB file at several instants: before it starts, while it
 * copies into the cache, around the end. Whatever the instant, the repository holds the old state
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
   * @param after when to kill: {@code start} counts from the child's launch, {@code copy} from the
   *     moment its temporary object appears in {@code .mlctl/tmp}
   */
  @ParameterizedTest(name = "kill {1} ms after {0}")
  @CsvSource({"start, 150", "copy, 0", "copy, 400", "copy, 1000"})
  void add_killedAtAnyInstant_leavesTheRepositoryConsistent(String after, long delayMs, @TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("repo");
    Files.createDirectories(root);
    assertEquals(0, CliRepo.run(root, "init", "--no-git").code());
    makeBigFile(root.resolve("big.bin"));

    Process child = ChildJvm.of(Main.class, "-C", root.toString(), "add", "big.bin")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (after.equals("copy")) {
        awaitTempObject(root, child);
      }
      Thread.sleep(delayMs);
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
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

  private static void awaitTempObject(Path root, Process child) throws Exception {
    Path tmp = root.resolve(".mlctl/tmp");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.isDirectory(tmp) && names(tmp).stream().anyMatch(n -> n.startsWith("obj-"))) {
        return;
      }
      Thread.sleep(5);
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
