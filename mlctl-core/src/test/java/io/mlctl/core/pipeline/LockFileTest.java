package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.Output;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockFileTest {
  private static final String H1 = "a1".repeat(32);
  private static final String H2 = "b2".repeat(32);

  @Test
  void write_sortsStagesAndPaths_andReadsBack() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      LockEntry b = new LockEntry("make b", List.of(Output.file("z.csv", H1, 1), Output.file("a.csv", H2, 2)),
          Map.of("params.yaml", Map.of("x.y", 0.5)), List.of(Output.directory("out", H1, 3, 2)));
      LockEntry a = new LockEntry("make a", List.of(), Map.of(), List.of());
      lock.write(Map.of("b", b, "a", a));
      assertEquals("schema: 1\nstages:\n  a:\n    cmd: make a\n  b:\n    cmd: make b\n    deps:\n"
          + "    - path: a.csv\n      sha256: " + H2 + "\n      size: 2\n"
          + "    - path: z.csv\n      sha256: " + H1 + "\n      size: 1\n"
          + "    params:\n      params.yaml:\n        x.y: 0.5\n"
          + "    outs:\n    - path: out\n      sha256: " + H1 + "\n      size: 3\n      kind: dir\n      nfiles: 2\n",
          Files.readString(root.resolve("mlctl.lock")));
      assertEquals(Map.of("a", a, "b", b), lock.read());
    }
  }

  @Test
  void read_whenSchemaUnknown_isBadInput() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      Files.writeString(root.resolve("mlctl.lock"), "schema: 2\nstages: {}\n");
      BadInputException e = assertThrows(BadInputException.class, () -> new LockFile(root).read());
      assertTrue(e.getMessage().startsWith("mlctl.lock:1:1: unsupported schema 2"), e.getMessage());
    }
  }

  @Test
  void write_stageByStage_givesTheSameTextAsOneDumpOfTheWholeLock() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      java.util.Map<String, LockEntry> all = new java.util.TreeMap<>();
      String[] cmds = {"plain", "true", "123", "1e3", "0x1f", "null", "~", "yes", "On", "1_000", "12:30", ".inf", "=",
          "python train.py --lr=0.1 data/x.csv", "a  b", "two\nlines\n\nwith a blank one", "  leading spaces", "key: value # not a comment",
          "quotes ' and \"", "unicode \u00e9\u4e2d", "tab\there", "- dash", "{braces}", "'", "", "trailing \n"};
      for (int i = 0; i < cmds.length; i++) {
        String hash = i % 4 == 1 ? "1".repeat(64) : i % 4 == 2 ? "1e5" + "0".repeat(61) : H1;
        all.put("s" + i + (i % 2 == 0 ? "" : "@x-" + i), new LockEntry(cmds[i],
            List.of(Output.file(i % 5 == 0 ? "in " + i + ".csv" : "data/in-" + i + ".csv", hash, i)),
            i % 3 == 0 ? Map.of() : Map.of("p.yaml", Map.of("k", i)),
            List.of(Output.directory("out/" + i, H2, i, 1), Output.file(i % 2 == 0 ? "true" : "m@" + i, H2, 7))));
        // Written after every stage, as repro does: each write must equal the whole dump.
        lock.write(all, false);
        assertEquals(io.mlctl.core.yaml.YamlFiles.dump(LockFile.document(all)), Files.readString(root.resolve("mlctl.lock")));
      }
      all.put("s3@x-3", new LockEntry("changed", List.of(), Map.of(), List.of()));
      all.remove("s4");
      lock.write(all);
      assertEquals(io.mlctl.core.yaml.YamlFiles.dump(LockFile.document(all)), Files.readString(root.resolve("mlctl.lock")));
      assertEquals(all, new LockFile(root).read());
      lock.write(Map.of());
      assertEquals("schema: 1\nstages: {}\n", Files.readString(root.resolve("mlctl.lock")));
      assertEquals(Map.of(), new LockFile(root).read());
    }
  }

  @Test
  void put_writesBehind_andAwaitWritesLeavesTheNewestStateWhole() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      lock.write(Map.of("old", new LockEntry("was here", List.of(), Map.of(), List.of())), false);
      java.util.Map<String, LockEntry> all = new java.util.TreeMap<>(lock.read());
      // Four threads record 50 stages each, as parallel stages do: no entry may be lost or reordered.
      List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int from = t * 50;
        for (int i = from; i < from + 50; i++) {
          all.put(String.format("s%03d", i), entry(i));
        }
        threads.add(new Thread(() -> {
          for (int i = from; i < from + 50; i++) {
            lock.put(String.format("s%03d", i), entry(i));
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(all, lock.read(), "the newest state is known at once");
      lock.awaitWrites();
      assertEquals(io.mlctl.core.yaml.YamlFiles.dump(LockFile.document(all)), Files.readString(root.resolve("mlctl.lock")));
      assertEquals(all, new LockFile(root).read());
      assertEquals(entry(7), lock.entry("s007"));
      lock.force();
      assertEquals(all, new LockFile(root).read());
    }
  }

  private static LockEntry entry(int i) {
    return new LockEntry("make " + i, List.of(Output.directory("deps/" + i, H1, i, 3)), Map.of(),
        List.of(Output.file("out/" + i + ".bin", H2, i)));
  }

  /**
   * A lock file with stage a's entry (1) written, then a folder put where the file should be, so
   * that every later rename over it fails.
   */
  private static LockFile lockWrittenOnceThenBlocked(Path root) throws IOException {
    LockFile lock = new LockFile(root);
    lock.put("a", entry(1));
    lock.awaitWrites();
    Files.delete(root.resolve("mlctl.lock"));
    Files.createDirectories(root.resolve("mlctl.lock/in-the-way"));
    return lock;
  }

  @Test
  void put_whenTheBackgroundWriteFails_reportsIt_andTheFileKeepsTheLastWholeState() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = lockWrittenOnceThenBlocked(root);
      lock.put("b", entry(2));
      io.mlctl.core.StorageException e = assertThrows(io.mlctl.core.StorageException.class, lock::awaitWrites);
      assertTrue(e.getMessage().contains("mlctl.lock"), e.getMessage());
      assertTrue(Files.isDirectory(root.resolve("mlctl.lock/in-the-way")), "nothing half-written in its place");
      try (java.util.stream.Stream<Path> left = Files.list(root)) {
        assertEquals(List.of("mlctl.lock"), left.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
      }
      // Reported once; the next write of the newest state succeeds once the way is clear.
      Files.delete(root.resolve("mlctl.lock/in-the-way"));
      Files.delete(root.resolve("mlctl.lock"));
      lock.put("c", entry(3));
      lock.force();
      assertEquals(Map.of("a", entry(1), "b", entry(2), "c", entry(3)), new LockFile(root).read());
    }
  }

  /** Parameters whose rendering dies with an Error, as a write of a huge document runs out of memory. */
  private static LockEntry entryWhoseWriteDies() {
    Map<String, Object> exploding = new java.util.AbstractMap<>() {
      @Override
      public java.util.Set<Map.Entry<String, Object>> entrySet() {
        throw new OutOfMemoryError("simulated");
      }
    };
    return new LockEntry("make big", List.of(), Map.of("params.yaml", exploding), List.of());
  }

  @Test
  void awaitWrites_whenTheWriterDiesOfAnError_returnsWithTheFailure_insteadOfWaitingForever() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      lock.write(Map.of("a", entry(1)), false);

      lock.put("big", entryWhoseWriteDies());

      io.mlctl.core.StorageException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
          () -> assertThrows(io.mlctl.core.StorageException.class, lock::awaitWrites));
      assertEquals("could not write mlctl.lock: it ran out of memory", e.getMessage());
      assertEquals(Map.of("a", entry(1)), new LockFile(root).read(), "the last whole state stays");
      // force(), as a stopped repro's shutdown hook calls it, ends too.
      assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
        try {
          lock.force();
        } catch (RuntimeException | OutOfMemoryError expected) {
          // the state it holds cannot be written (force renders it on this thread); what matters is that it returns
        }
      });
    }
  }

  /**
   * Parameters whose rendering holds the writer in the middle of a write: {@code rendering} opens
   * when it is there, and it goes on once {@code release} opens.
   */
  private static LockEntry entryWhoseWriteWaits(java.util.concurrent.CountDownLatch rendering,
      java.util.concurrent.CountDownLatch release) {
    Map<String, Object> held = new java.util.AbstractMap<>() {
      @Override
      public java.util.Set<Map.Entry<String, Object>> entrySet() {
        rendering.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return Map.<String, Object>of("lr", 1).entrySet();
      }
    };
    return new LockEntry("make slow", List.of(), Map.of("params.yaml", held), List.of());
  }

  @Test
  void put_writesTheNewestStateByItself_withoutAnyoneWaitingForIt() throws Exception {
    // A killed mlctl runs no code at all: what keeps the finished stages is the write behind.
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      java.util.Map<String, LockEntry> all = new java.util.TreeMap<>();
      // Quicker than a write: later states come while one is written, and the writer pauses between them.
      for (int i = 0; i < 100; i++) {
        all.put(String.format("s%03d", i), entry(i));
        lock.put(String.format("s%03d", i), entry(i));
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      Map<String, LockEntry> onDisk = Map.of();
      while (!onDisk.equals(all) && System.nanoTime() < deadline) {
        Thread.sleep(5);
        onDisk = Files.exists(root.resolve("mlctl.lock")) ? new LockFile(root).read() : Map.of();
      }
      assertEquals(all, onDisk, "the last state was not written behind");
    }
  }

  @Test
  void awaitWrites_waitsForAWriteHeldUp_evenBehindAnotherLocksWrite_andKeepsTheWaitersInterrupt() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path slowRoot = Files.createDirectories(fs.getPath("/slow"));
      Path nextRoot = Files.createDirectories(fs.getPath("/next"));
      LockFile slow = new LockFile(slowRoot);
      LockFile next = new LockFile(nextRoot);
      java.util.concurrent.CountDownLatch rendering = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      LockEntry held = entryWhoseWriteWaits(rendering, release);
      slow.put("slow", held);
      assertTrue(rendering.await(20, java.util.concurrent.TimeUnit.SECONDS), "the write did not start");
      // The background writer is busy with the first lock: the second one's write waits its turn.
      next.put("b", entry(2));

      java.util.concurrent.ConcurrentHashMap<String, String> outcome = new java.util.concurrent.ConcurrentHashMap<>();
      List<Thread> waiters = new java.util.ArrayList<>();
      for (Map.Entry<String, LockFile> w : Map.of("slow", slow, "next", next).entrySet()) {
        waiters.add(new Thread(() -> {
          String result;
          try {
            w.getValue().awaitWrites();
            result = "returned";
          } catch (Throwable t) {
            result = "threw " + t.getMessage();
          }
          outcome.put(w.getKey(), result + (Thread.currentThread().isInterrupted() ? ", interrupted" : ""));
        }));
      }
      waiters.forEach(Thread::start);
      // An interrupt wakes each waiter while the writes are still held up: it must go on waiting.
      for (Thread t : waiters) {
        t.interrupt();
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (waiters.stream().anyMatch(Thread::isInterrupted) && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(Map.of(), outcome, "a waiter returned while its write was held up");
      release.countDown();
      for (Thread t : waiters) {
        t.join(20_000);
      }

      assertEquals(Map.of("slow", "returned, interrupted", "next", "returned, interrupted"), outcome);
      assertEquals(Map.of("slow", new LockEntry("make slow", List.of(), Map.of("params.yaml", Map.of("lr", 1)), List.of())),
          new LockFile(slowRoot).read());
      assertEquals(Map.of("b", entry(2)), new LockFile(nextRoot).read());
    }
  }

  @Test
  void awaitWrites_leavesTheCallerUninterrupted_whenNothingInterruptedIt() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      lock.put("a", entry(1));
      lock.awaitWrites();
      assertTrue(!Thread.interrupted(), "awaitWrites interrupted its caller");
      assertEquals(Map.of("a", entry(1)), new LockFile(root).read());
    }
  }

  @Test
  void put_afterAFailedBackgroundWrite_throwsItFirst() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = lockWrittenOnceThenBlocked(root);
      lock.put("a", entry(2));
      // The failure surfaces at the next put once the writer has given up on the state.
      long deadline = System.nanoTime() + 10_000_000_000L;
      io.mlctl.core.StorageException seen = null;
      while (seen == null && System.nanoTime() < deadline) {
        try {
          lock.put("b", entry(2));
          Thread.sleep(5);
        } catch (io.mlctl.core.StorageException e) {
          seen = e;
        }
      }
      assertTrue(seen != null && seen.getMessage().contains("mlctl.lock"), String.valueOf(seen));
    }
  }

  @Test
  void scalar_isPlainOnlyForWhatYamlReadsBackAsTheSameString() {
    for (String s : List.of("train", "data/x.csv", "python train.py --lr=0.1", "s@a-b", "deps/000", H1)) {
      assertEquals(s, LockFile.scalar(s));
    }
    for (String s : List.of("true", "False", "null", "12", "1.5", "1e3", "0x1f", "1".repeat(64))) {
      assertEquals("'" + s + "'", LockFile.scalar(s));
    }
    for (String s : List.of("", "~", "-x", "@a", "a: b", "a #b", "'q'", "x ", " x", "a\nb", "[a]", "{a}", "*a",
        "&a", "!a", "%a", "a,b", "é")) {
      assertEquals(null, LockFile.scalar(s), s);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "stages: {}\\n | mlctl.lock:1:1: unsupported schema null",
      "schema: '1'\\nstages: {}\\n | mlctl.lock:1:1: unsupported schema 1",
      "schema: 1\\nstages: [a]\\n | mlctl.lock: 'stages' must be a mapping",
      "schema: 1\\nstages: {a: [x]}\\n | mlctl.lock: stage 'a' must be a mapping",
      "schema: 1\\nstages: {a: {cmd: x, deps: x.csv}}\\n | mlctl.lock: stage 'a': expected a list of files",
      "schema: 1\\nstages: {a: {cmd: x, outs: [x.csv]}}\\n | mlctl.lock: stage 'a': each file needs path, sha256 and size",
      "schema: 1\\nstages: {a: {cmd: x, outs: [{path: 1, sha256: h, size: 1}]}}\\n | mlctl.lock: stage 'a': each file needs path, sha256 and size",
      "schema: 1\\nstages: {a: {cmd: x, outs: [{path: p, sha256: 1, size: 1}]}}\\n | mlctl.lock: stage 'a': each file needs path, sha256 and size",
      "schema: 1\\nstages: {a: {cmd: x, outs: [{path: p, sha256: h, size: big}]}}\\n | mlctl.lock: stage 'a': each file needs path, sha256 and size",
      "schema: 1\\nstages: {a: {cmd: x, deps: [{path: p, size: 1}]}}\\n | mlctl.lock: stage 'a': each file needs path, sha256 and size",
      "schema: 1\\nstages: {a: {cmd: x, params: [p.yaml]}}\\n | mlctl.lock: stage 'a': params must be a mapping of files",
  })
  void parse_whenTheLockIsMalformed_namesTheLockAndTheStage(String text, String message) {
    BadInputException e = assertThrows(BadInputException.class, () -> LockFile.parse(text.replace("\\n", "\n"), LockFile.NAME));
    assertEquals(message, e.getMessage());
  }

  @Test
  void parse_readsWhatOlderOrHandWrittenLocksLeaveOut() {
    assertEquals(Map.of(), LockFile.parse("", LockFile.NAME));
    assertEquals(Map.of(), LockFile.parse("schema: 1\n", LockFile.NAME));
    Map<String, LockEntry> read = LockFile.parse("schema: 1\nstages:\n  a: {}\n  b:\n    cmd: 7\n"
        + "    params: {p.yaml: {lr: 0.1}, q.yaml: all}\n"
        + "    outs: [{path: d, sha256: " + H1 + ", size: 3, kind: dir}, {path: f, sha256: " + H2 + ", size: 2, nfiles: 9}]\n",
        LockFile.NAME);
    assertEquals(new LockEntry("", List.of(), Map.of(), List.of()), read.get("a"));
    assertEquals(new LockEntry("7", List.of(), Map.of("p.yaml", Map.of("lr", 0.1), "q.yaml", Map.of()),
        List.of(Output.directory("d", H1, 3, 0), Output.file("f", H2, 2))), read.get("b"));
  }

  @Test
  void read_ofALockFileOnDisk_isReadOnce_andEntryGivesOneStage() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      assertEquals(Map.of(), lock.read(), "no lock file");
      assertEquals(null, lock.entry("a"));
      Files.writeString(root.resolve("mlctl.lock"), "schema: 1\nstages:\n  a: {cmd: x}\n");
      LockFile fresh = new LockFile(root);
      assertEquals(new LockEntry("x", List.of(), Map.of(), List.of()), fresh.entry("a"));
      Files.writeString(root.resolve("mlctl.lock"), "schema: 1\nstages:\n  a: {cmd: changed}\n");
      assertEquals("x", fresh.read().get("a").cmd(), "what this instance read, once per repro");
    }
  }

  @Test
  void force_writesTheNewestStateWhole_evenWhenItWasWrittenBehindAlready() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      lock.force();
      assertTrue(Files.notExists(root.resolve("mlctl.lock")), "nothing given, nothing written");
      lock.put("a", entry(1));
      lock.put("b", entry(2));
      lock.force();
      assertEquals(Map.of("a", entry(1), "b", entry(2)), new LockFile(root).read());
      // Written again by someone else: a force of an instance with nothing new leaves it alone.
      Files.writeString(root.resolve("mlctl.lock"), "schema: 1\nstages:\n  other: {cmd: x}\n");
      lock.force();
      assertEquals(java.util.Set.of("other"), new LockFile(root).read().keySet());
      lock.write(Map.of("c", entry(3)), false);
      lock.force();
      assertEquals(Map.of("c", entry(3)), new LockFile(root).read());
    }
  }

  // Found by LockFileFuzzTest: SnakeYAML's message quoted the carriage return, breaking the error line.
  @Test
  void parse_whenACarriageReturnCannotStartAToken_isAOneLineErrorNamingThePlace() {
    BadInputException e = assertThrows(BadInputException.class, () -> LockFile.parse("&\r&", LockFile.NAME));

    assertTrue(e.getMessage().startsWith("mlctl.lock:1:2: malformed YAML: "), e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(c -> c == '\r' || c == '\n'), e.getMessage());
  }
}
