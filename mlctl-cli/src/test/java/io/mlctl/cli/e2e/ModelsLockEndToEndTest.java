package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlctl.cli.Main;
import io.mlctl.cli.e2e.CliRepo.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models register}, {@code promote} and {@code rollback} are writes: they take the
 * repository lock, so a second mlctl process waits for the first (or gives up with exit 4 naming
 * it) and the registry file and its audit trail never interleave two writers.
 */
@Timeout(120)
class ModelsLockEndToEndTest {
  private static final String REGISTRY = ".mlctl/registry/points.yaml";
  private static final String TRAIL = ".mlctl/registry/audit.jsonl";

  @TempDir
  Path dir;

  private CliRepo repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = CliRepo.init(dir.resolve("repo"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      repo.write("data/points.csv", in.readAllBytes());
    }
    repo.ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/cart.model", "-q");
    repo.ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "logistic", "--out", "models/logistic.model", "-q");
    repo.ok("models", "register", "points", "models/cart.model", "-q");
    repo.ok("models", "register", "points", "models/logistic.model", "-q");
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  @Test
  void registerPromoteAndRollback_whileAnotherProcessHoldsTheLock_exit4NamingIt_andChangeNothing() throws Exception {
    repo.ok("models", "promote", "points", "v1", "--to", "production", "-q");
    repo.ok("models", "promote", "points", "v2", "--to", "production", "-q");
    repo.ok("config", "set", "core.lock_wait", "0");
    String registry = repo.read(REGISTRY);
    String trail = repo.read(TRAIL);

    Process holder = ChildJvm.start(LockHolder.class, repo.root().toString());
    try {
      assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine());
      for (String[] args : new String[][] {
          {"models", "register", "points", "models/cart.model", "--force"},
          {"models", "promote", "points", "v1", "--to", "staging"},
          {"models", "rollback", "points", "--alias", "production"}}) {
        Run r = repo.run(args);
        assertEquals(4, r.code(), String.join(" ", args) + "\n" + r);
        assertTrue(r.err().contains("mlctl: error: the repository is locked by another mlctl process"), r.err());
        assertTrue(r.err().contains("PID " + holder.pid()), r.err());
        assertEquals(registry, repo.read(REGISTRY), String.join(" ", args) + " changed the registry while locked out");
        assertEquals(trail, repo.read(TRAIL), String.join(" ", args) + " extended the audit trail while locked out");
      }
    } finally {
      release(holder);
    }
    assertEquals(0, repo.run("models", "audit", "--verify").code());
  }

  @Test
  void promote_whileAnotherProcessHoldsTheLock_waitsForIt_thenPromotes() throws Exception {
    repo.ok("config", "set", "core.lock_wait", "60");
    String registry = repo.read(REGISTRY);
    String trail = repo.read(TRAIL);

    Process holder = ChildJvm.start(LockHolder.class, repo.root().toString());
    Process promote = null;
    try {
      assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine());
      promote = mlctl("models", "promote", "points", "v2", "--to", "production");
      BufferedReader err = new BufferedReader(new InputStreamReader(promote.getErrorStream(), StandardCharsets.UTF_8));
      // The waiting process says so, naming the holder, before it has written anything.
      assertEquals("mlctl: waiting for the repository lock held by PID " + holder.pid() + "...", err.readLine());
      assertTrue(promote.isAlive(), "the promotion ended while the lock was held");
      assertEquals(registry, repo.read(REGISTRY), "promoted while another process held the lock");
      assertEquals(trail, repo.read(TRAIL), "audited while another process held the lock");

      release(holder);
      assertTrue(promote.waitFor(60, TimeUnit.SECONDS), "the promotion did not end once the lock was free");
      String rest = new String(promote.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, promote.exitValue(), rest);
    } finally {
      release(holder);
      if (promote != null) {
        promote.destroyForcibly();
      }
    }
    assertTrue(repo.read(REGISTRY).contains("production: 2"), repo.read(REGISTRY));
    Run audit = repo.run("models", "audit", "--verify");
    assertEquals(0, audit.code(), audit.toString());
  }

  @Test
  void twoProcessesPromotingAtOnce_bothLand_oneAfterTheOther_andTheTrailVerifies() throws Exception {
    repo.ok("config", "set", "core.lock_wait", "60");
    List<Process> promotions = new ArrayList<>();
    try {
      promotions.add(mlctl("models", "promote", "points", "v1", "--to", "production", "-q"));
      promotions.add(mlctl("models", "promote", "points", "v2", "--to", "production", "-q"));
      promotions.add(mlctl("models", "register", "points", "models/cart.model", "--force", "-q"));
      for (Process p : promotions) {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
          fail("a concurrent registry write did not end");
        }
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      promotions.forEach(Process::destroyForcibly);
    }

    // Both promotions and the registration are in the trail, each chained to the one before,
    // and the alias history holds both versions in the order the trail gives.
    Run audit = repo.run("models", "audit", "--verify");
    assertEquals(0, audit.code(), audit.toString());
    List<String> lines = Files.readAllLines(repo.path(TRAIL));
    assertEquals(5, lines.size(), String.join("\n", lines));
    List<String> promoted = lines.stream().filter(l -> l.contains("\"promote\"")).toList();
    assertEquals(2, promoted.size(), String.join("\n", lines));
    assertEquals(1, lines.stream().filter(l -> l.contains("\"register\"") && l.contains("\"version\":3")).count(), String.join("\n", lines));
    int last = promoted.get(1).contains("\"version\":2") ? 2 : 1;
    int first = 3 - last;
    assertTrue(promoted.get(0).contains("\"version\":" + first), promoted.get(0));
    assertTrue(promoted.get(1).contains("\"previous\":" + first), "the second promotion saw the first: " + promoted.get(1));
    String registry = repo.read(REGISTRY);
    assertTrue(registry.contains("production: " + last), registry);
    Run show = repo.run("models", "show", "points@production", "--json");
    assertEquals(0, show.code(), show.toString());
  }

  /** {@code mlctl ARGS} in its own JVM, in the repository, as a second user's shell would run it. */
  private Process mlctl(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("-C", repo.root().toString()));
    all.addAll(List.of(args));
    ProcessBuilder pb = ChildJvm.of(Main.class, all.toArray(String[]::new)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("CI", "true");
    pb.environment().put("NO_COLOR", "1");
    return pb.start();
  }

  private static void release(Process holder) throws InterruptedException {
    try {
      holder.getOutputStream().close();
    } catch (IOException alreadyGone) {
      // the holder ended: its lock went with it
    }
    holder.waitFor(10, TimeUnit.SECONDS);
    holder.destroyForcibly();
  }
}
