package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.cli.e2e.CliRepo.Run;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A second writer waits core.lock_wait seconds, then exits 4 naming the holder; readers never wait. */
@Timeout(60)
class LockEndToEndTest {
  @TempDir
  Path dir;

  private CliRepo repo;

  @BeforeEach
  void setUp() {
    repo = CliRepo.init(dir.resolve("repo"));
    repo.ok("config", "set", "core.lock_wait", "1");
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");
    repo.write("data/raw.csv", "changed\n");
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  @Test
  void add_whileAnotherProcessHoldsTheLock_exits4NamingItsPid() throws Exception {
    Process holder = ChildJvm.start(LockHolder.class, repo.root().toString());
    try {
      BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", said.readLine());

      Run add = repo.run("add", "data/raw.csv");

      assertEquals(4, add.code(), add.toString());
      // It waited (said so, naming the holder) before it gave up; how long core.lock_wait lasts
      // is RepoLockTest's to check, on a clock of its own.
      String[] lines = add.err().split("\n");
      assertEquals("mlctl: waiting for the repository lock held by PID " + holder.pid() + "...", lines[0], add.err());
      assertTrue(lines[1].startsWith("mlctl: error: the repository is locked by another mlctl process"), add.err());
      assertTrue(lines[1].contains("PID " + holder.pid()), add.err());

      Run status = repo.run("status", "--check");
      assertEquals(1, status.code(), status.toString());
      assertTrue(status.out().contains("modified:     data/raw.csv"), status.out());
      Run ls = repo.run("ls");
      assertEquals(0, ls.code(), ls.toString());
      Run fsck = repo.run("fsck");
      assertEquals(0, fsck.code(), fsck.toString());
    } finally {
      holder.getOutputStream().close();
      holder.waitFor(10, TimeUnit.SECONDS);
      holder.destroyForcibly();
    }

    Run after = repo.run("add", "data/raw.csv");
    assertEquals(0, after.code(), after.toString());
  }

  @Test
  void add_whileThisProcessHoldsTheLock_exits4NamingThePid() {
    try (Project p = Project.open(repo.root()); RepoLock lock = p.lock()) {
      Run add = repo.run("add", "data/raw.csv");

      assertEquals(4, add.code(), add.toString());
      assertTrue(add.err().contains("PID " + ProcessHandle.current().pid()), add.err());
      assertTrue(add.err().contains("(wait for it to finish, or raise core.lock_wait)"), add.err());

      Run status = repo.run("status");
      assertEquals(0, status.code(), status.toString());
      assertTrue(status.out().contains("modified:     data/raw.csv"), status.out());
    }

    assertEquals(0, repo.run("add", "data/raw.csv").code());
    assertEquals(0, repo.run("status", "--check").code());
  }

  @Test
  void everyWriteCommand_whileLocked_exits4() throws Exception {
    repo.ok("config", "set", "core.lock_wait", "0");
    Process holder = ChildJvm.start(LockHolder.class, repo.root().toString());
    try {
      assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine());

      for (String[] args : new String[][] {{"checkout", "--force"}, {"gc"}, {"unprotect", "data/raw.csv"},
          {"config", "set", "core.autostage", "true"}}) {
        Run r = repo.run(args);
        assertEquals(4, r.code(), String.join(" ", args) + "\n" + r);
        assertTrue(r.err().contains("PID " + holder.pid()), r.err());
      }
      assertEquals("changed\n", repo.read("data/raw.csv"));
    } finally {
      holder.getOutputStream().close();
      holder.waitFor(10, TimeUnit.SECONDS);
      holder.destroyForcibly();
    }
  }

  @Test
  void add_afterTheHolderWasKilled_takesTheLock() throws Exception {
    Process holder = ChildJvm.start(LockHolder.class, repo.root().toString());
    assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine());

    holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    Run add = repo.run("add", "data/raw.csv");
    assertEquals(0, add.code(), add.toString());
  }
}
