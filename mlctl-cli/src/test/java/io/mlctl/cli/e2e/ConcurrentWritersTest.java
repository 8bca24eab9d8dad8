package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several mlctl processes writing one repository at once, with readers running all the while:
 * writers wait for each other (or, told not to wait, exit 4 naming the holder), readers never wait
 * and never fail, nothing is corrupted, and gc never removes an object that a pointer names.
 */
@Timeout(300)
class ConcurrentWritersTest {
  @TempDir
  Path dir;

  /** A child mlctl; its stderr is kept in a file beside the repository. */
  private record Child(Process process, Path err, String what) {
    int await() throws Exception {
      if (!process.waitFor(240, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(what + " did not end");
      }
      return process.exitValue();
    }

    String stderr() throws IOException {
      return Files.readString(err);
    }
  }

  private Child start(Path root, String... args) throws IOException {
    Path err = Files.createTempFile(dir, "child-", ".err");
    return new Child(Crash.mlctl(root, err, args).start(), err, "mlctl " + String.join(" ", args));
  }

  /**
   * Read-only commands run over and over on other threads until stopped; each must exit as it
   * would on a quiet repository (never 4, never an error).
   */
  private static final class Readers implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final AtomicInteger runs = new AtomicInteger();

    Readers(CliProject p, List<String[]> commands) {
      for (String[] args : commands) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            CliProject.Run r = p.run(args);
            runs.incrementAndGet();
            if (r.code() != 0) {
              failures.putIfAbsent(String.join(" ", args), r.toString());
            }
            try {
              // Leaves the writers (two cores' worth of child JVMs) some room.
              Thread.sleep(10);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        t.start();
        threads.add(t);
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(60_000);
      }
      assertEquals(Map.of(), failures, "readers failed while writers ran");
      assertTrue(runs.get() >= threads.size(), "the readers did not run");
    }
  }

  private static void bigFiles(CliProject p, String... names) {
    long seed = 0;
    for (String n : names) {
      CrashFixtures.bigFile(p.path(n), 4L << 20, seed++);
    }
  }

  @Test
  void add_ofDifferentPaths_fromThreeProcesses_allLand_whileReadersRead() throws Exception {
    CliProject p = CliProject.init(dir.resolve("repo"));
    p.ok("config", "set", "core.lock_wait", "120");
    bigFiles(p, "a.bin", "b.bin", "c.bin");
    List<Child> writers = new ArrayList<>();
    try (Readers readers = new Readers(p, List.of(new String[] {"status"}, new String[] {"ls"}, new String[] {"fsck"}))) {
      for (String f : List.of("a.bin", "b.bin", "c.bin")) {
        writers.add(start(p.root(), "add", f));
      }
      for (Child c : writers) {
        assertEquals(0, c.await(), c.what() + "\n" + c.stderr());
      }
    }
    for (String f : List.of("a.bin", "b.bin", "c.bin")) {
      assertTrue(Files.exists(p.path(f + ".mlctl")), f);
    }
    assertEquals(0, p.run("status", "--check").code());
    assertEquals(0, p.run("fsck").code());
    assertEquals(List.of("/a.bin", "/b.bin", "/c.bin"), p.read(".gitignore").lines().sorted().toList());
  }

  @Test
  void add_whileAnotherAddHoldsTheLock_withoutWaiting_exits4NamingIt_andTheHolderFinishes() throws Exception {
    CliProject p = CliProject.init(dir.resolve("repo"));
    p.ok("config", "set", "core.lock_wait", "0");
    // Big enough that its copy into the cache outlasts the second add's start.
    CrashFixtures.bigFile(p.path("a.bin"), 64L << 20, 0);
    p.write("b.txt", "b\n");
    Child first = start(p.root(), "add", "a.bin");
    // The first add holds the lock while its copy into the cache is under way.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Crash.Event copying = Crash.tempObject(p.root(), 1);
    while (!copying.reached()) {
      assertTrue(first.process().isAlive() && System.nanoTime() < deadline, "the first add's copy was not seen");
      Thread.sleep(1);
    }
    CliProject.Run second = p.run("add", "b.txt");

    assertEquals(0, first.await(), first.stderr());
    assertEquals(4, second.code(), second.toString());
    assertTrue(second.err().contains("PID " + first.process().pid()), second.toString());
    assertTrue(Files.notExists(p.path("b.txt.mlctl")));
    assertEquals(0, p.run("add", "b.txt").code());
    assertEquals(0, p.run("fsck").code());
    assertEquals(0, p.run("status", "--check").code());
  }

  private static void twoStages(CliProject p) throws IOException {
    Files.createDirectories(p.path("ctl"));
    p.write("ctl/stage.sh", """
        name=$1
        touch "ctl/started-$name"
        while [ -e "ctl/hold-$name" ]; do sleep 0.01; done
        mkdir -p out
        head -c 2097152 /dev/zero > "out/$name.bin"
        echo "$name" >> "out/$name.bin"
        """);
    p.write("mlctl.yaml", """
        stages:
          a:
            cmd: sh ctl/stage.sh a
            deps: [ctl/stage.sh]
            outs: [out/a.bin]
          b:
            cmd: sh ctl/stage.sh b
            deps: [ctl/stage.sh]
            outs: [out/b.bin]
        """);
  }

  @Test
  void reproJ_inTwoTerminals_onIndependentStages_bothComplete_oneAfterTheOther() throws Exception {
    CliProject p = CliProject.init(dir.resolve("repo"));
    p.ok("config", "set", "core.lock_wait", "120");
    twoStages(p);
    p.write("ctl/hold-a", "");
    Child a = start(p.root(), "repro", "-j", "2", "a");
    waitFor(p.path("ctl/started-a"), a);
    Child b = start(p.root(), "repro", "-j", "2", "b");
    try (Readers readers = new Readers(p, List.of(new String[] {"status"}, new String[] {"dag"}))) {
      // b waits for the lock that a holds while its stage runs; it says so, naming a.
      waitForText(b, "waiting for the repository lock held by PID " + a.process().pid());
      assertTrue(Files.notExists(p.path("ctl/started-b")), "b's stage ran while a held the lock");
      Files.delete(p.path("ctl/hold-a"));
      assertEquals(0, a.await(), a.stderr());
      assertEquals(0, b.await(), b.stderr());
    }
    String lock = p.read("mlctl.lock");
    assertTrue(lock.contains("  a:\n") && lock.contains("  b:\n"), lock);
    assertEquals(0, p.run("status", "--check").code());
    assertEquals(0, p.run("fsck").code());
  }

  @Test
  void reproJ_whileAnotherReproHoldsTheLock_withoutWaiting_exits4NamingIt() throws Exception {
    CliProject p = CliProject.init(dir.resolve("repo"));
    p.ok("config", "set", "core.lock_wait", "0");
    twoStages(p);
    p.write("ctl/hold-a", "");
    Child a = start(p.root(), "repro", "-j", "2", "a");
    waitFor(p.path("ctl/started-a"), a);

    CliProject.Run b = p.run("repro", "-j", "2", "b");

    assertEquals(4, b.code(), b.toString());
    assertTrue(b.err().contains("PID " + a.process().pid()), b.toString());
    assertTrue(Files.notExists(p.path("ctl/started-b")));
    Files.delete(p.path("ctl/hold-a"));
    assertEquals(0, a.await(), a.stderr());
    assertEquals(0, p.run("repro", "b").code());
    assertEquals(0, p.run("status", "--check").code());
  }

  @Test
  void pushAndAdd_whileGcRuns_gcRemovesNoObjectAPointerNames() throws Exception {
    CliProject p = CliProject.init(dir.resolve("repo"));
    p.ok("config", "set", "core.lock_wait", "120");
    bigFiles(p, "a.bin", "b.bin");
    p.ok("add", "a.bin", "b.bin");
    p.ok("remote", "add", "origin", dir.resolve("remote").toString());
    // Old versions nobody references any more: gc's work.
    for (int i = 0; i < 5; i++) {
      p.write("old.txt", "version " + i + "\n");
      p.ok("add", "old.txt");
    }
    Files.delete(p.path("old.txt.mlctl"));
    bigFiles(p, "c.bin");
    Files.move(p.path("c.bin"), p.path("late.bin"));

    try (Readers readers = new Readers(p, List.of(new String[] {"status"}, new String[] {"ls"}))) {
      for (int round = 0; round < 2; round++) {
        Child gc = start(p.root(), "gc");
        Child push = start(p.root(), "push");
        Child add = round == 0 ? start(p.root(), "add", "late.bin") : null;
        assertEquals(0, gc.await(), gc.stderr());
        assertEquals(0, push.await(), push.stderr());
        if (add != null) {
          assertEquals(0, add.await(), add.stderr());
        }
        assertEquals(0, p.run("status", "--check").code(), "an object a pointer names is gone after round " + round);
      }
    }
    assertEquals(0, p.run("fsck").code());
    p.ok("push");
    CliProject other = p.cloneTo(dir.resolve("other"));
    other.ok("pull");
    assertEquals(0, other.run("status", "--check").code());
  }

  @Test
  void modelsPromote_fromTwoProcesses_whileReadersVerifyTheTrail_neverFails() throws Exception {
    CliProject p = CliProject.init(dir.resolve("repo"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      p.write("data/points.csv", in.readAllBytes());
    }
    p.ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/cart.model", "-q");
    p.ok("models", "register", "points", "models/cart.model", "-q");
    // The same bytes again, as a second version on purpose
    p.ok("models", "register", "points", "models/cart.model", "--force", "-q");
    p.ok("config", "set", "core.lock_wait", "120");
    try (Readers readers = new Readers(p, List.of(new String[] {"models", "audit", "--verify"},
        new String[] {"models", "show", "points"}, new String[] {"models", "list"}))) {
      for (int round = 0; round < 2; round++) {
        Child one = start(p.root(), "models", "promote", "points", "v1", "--to", "production");
        Child two = start(p.root(), "models", "promote", "points", "v2", "--to", "production");
        assertEquals(0, one.await(), one.stderr());
        assertEquals(0, two.await(), two.stderr());
      }
    }
    assertEquals(0, p.run("models", "audit", "--verify").code());
    assertEquals(6, Files.readAllLines(p.path(".mlctl/registry/audit.jsonl")).size());
  }

  private static void waitFor(Path marker, Child c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(marker)) {
      if (!c.process().isAlive() || System.nanoTime() > deadline) {
        fail(marker.getFileName() + " never appeared; " + c.what() + ": " + c.stderr());
      }
      Thread.sleep(5);
    }
  }

  private static void waitForText(Child c, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.stderr().contains(text)) {
      if (!c.process().isAlive() || System.nanoTime() > deadline) {
        fail("'" + text + "' never said; " + c.what() + ": " + c.stderr());
      }
      Thread.sleep(5);
    }
  }
}
