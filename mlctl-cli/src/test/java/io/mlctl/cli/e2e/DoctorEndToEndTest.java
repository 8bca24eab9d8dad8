package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.e2e.CliProject.Run;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl doctor} beside real processes: a writer holding the lock, a running file-system monitor. */
@Timeout(120)
class DoctorEndToEndTest {
  @TempDir
  Path dir;

  private CliProject repo;

  @BeforeEach
  void setUp() {
    repo = CliProject.init(dir.resolve("repo"));
    // a writer would wait an hour for the lock: doctor must answer at once all the same
    repo.ok("config", "set", "core.lock_wait", "3600");
  }

  @Test
  void doctor_whileAnotherProcessHoldsTheLock_answersAtOnce_namingThePid() throws Exception {
    Process holder = ChildJvm.start(LockHolder.class, repo.root().toString());
    try {
      assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine());

      JsonNode doc = repo.json("doctor");
      Run text = repo.ok("doctor");

      assertTrue(doc.get("ok").asBoolean());
      assertTrue(doc.at("/project/lock/held").asBoolean());
      assertEquals(holder.pid(), doc.at("/project/lock/pid").asLong());
      assertTrue(text.out().contains("Lock: held by PID " + holder.pid() + "\n"), text.out());
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
    }
    JsonNode after = repo.json("doctor");
    assertFalse(after.at("/project/lock/held").asBoolean());
    assertTrue(after.at("/project/lock/pid").isNull());
  }

  @Test
  void doctor_reportsARunningFileSystemMonitor() {
    repo.ok("config", "set", "core.fsmonitor_idle", "20");
    long pid = repo.json("fsmonitor", "start").get("pid").asLong();
    try {
      JsonNode monitor = repo.json("doctor").at("/project/fsmonitor");

      assertFalse(monitor.get("enabled").asBoolean());
      assertTrue(monitor.get("running").asBoolean());
      assertEquals(pid, monitor.get("pid").asLong());
      assertTrue(repo.ok("doctor").out().contains("File-system monitor: off (core.fsmonitor), running as PID " + pid + ","));
    } finally {
      repo.run("fsmonitor", "stop");
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }
}
