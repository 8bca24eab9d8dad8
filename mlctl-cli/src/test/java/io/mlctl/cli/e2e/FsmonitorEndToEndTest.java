package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.e2e.CliProject.Run;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl fsmonitor}: a real monitor process, started, asked and stopped through the CLI. */
@Timeout(120)
class FsmonitorEndToEndTest {
  @TempDir
  Path dir;

  private CliProject p;

  @BeforeEach
  void setUp() {
    p = CliProject.init(dir.resolve("repo"));
    // Should a test fail before it stops its monitor, the monitor ends by itself soon after.
    p.ok("config", "set", "core.fsmonitor_idle", "20");
    p.write("data/a.txt", "a");
    p.write("data/sub/b.txt", "b");
    p.ok("add", "data");
  }

  @AfterEach
  void tearDown() {
    Run info = p.run("--json", "fsmonitor", "status");
    if (info.code() == 0) {
      long pid = info.json().get("pid").asLong();
      p.run("fsmonitor", "stop");
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void start_status_stop() throws Exception {
    Run none = p.run("fsmonitor", "status");
    assertEquals(1, none.code(), none::toString);
    assertEquals("No file-system monitor runs.\n", none.out());

    JsonNode started = p.json("fsmonitor", "start");
    assertTrue(started.get("running").asBoolean());
    long pid = started.get("pid").asLong();
    assertTrue(pid != ProcessHandle.current().pid(), "a process of its own");
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(p.ok("fsmonitor", "start").out().startsWith("A file-system monitor already runs (pid " + pid));

    JsonNode info = p.json("fsmonitor", "status");
    assertEquals(pid, info.get("pid").asLong());
    // the root, data, data/sub and the monitor's own folder
    assertEquals(4, info.get("folders").asInt());

    assertEquals("Data and pipelines are up to date.\n", p.ok("status").out());
    assertEquals("Data and pipelines are up to date.\n", p.ok("status").out());
    p.write("data/sub/b.txt", "changed");
    assertEquals("modified:     data/sub/b.txt\n", p.ok("status").out());

    assertEquals("Stopped the file-system monitor.\n", p.ok("fsmonitor", "stop").out());
    assertEquals(1, p.run("fsmonitor", "status").code());
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    assertTrue(h.isEmpty() || h.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) != null);
    assertEquals("No file-system monitor was running.\n", p.ok("fsmonitor", "stop").out());
    assertEquals("modified:     data/sub/b.txt\n", p.ok("status").out(), "the same answer without it");
  }

  @Test
  void withCoreFsmonitorOn_statusStartsOneByItself() throws Exception {
    p.ok("config", "set", "core.fsmonitor", "true");

    assertEquals("Data and pipelines are up to date.\n", p.ok("status").out());

    long deadline = System.nanoTime() + 30_000_000_000L;
    Run info = p.run("fsmonitor", "status");
    while (info.code() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      info = p.run("fsmonitor", "status");
    }
    assertEquals(0, info.code(), info::toString);
    assertEquals("Data and pipelines are up to date.\n", p.ok("status").out());
    p.write("data/new.txt", "n");
    assertEquals("new:          data/new.txt\n", p.ok("status").out());
  }

  @Test
  void run_whenOneRuns_saysSoAndLeavesIt() {
    long pid = p.json("fsmonitor", "start").get("pid").asLong();

    Run second = p.run("fsmonitor", "run");

    assertEquals(0, second.code(), second::toString);
    assertTrue(second.err().contains("another monitor runs here"), second::toString);
    assertEquals(pid, p.json("fsmonitor", "status").get("pid").asLong());
  }

  @Test
  void badUse_exitsWithTheContractsCodes() {
    Run bare = p.run("fsmonitor");
    assertEquals(2, bare.code(), bare::toString);

    Run unknown = p.run("fsmonitor", "restart");
    assertEquals(2, unknown.code(), unknown::toString);

    Run notBoolean = p.run("config", "set", "core.fsmonitor", "maybe");
    assertFalse(notBoolean.code() == 0, notBoolean::toString);
    assertTrue(notBoolean.err().startsWith("mlctl: error: "), notBoolean::toString);

    CliProject outside = CliProject.at(dir.resolve("elsewhere"));
    Run notAProject = outside.run("fsmonitor", "start");
    assertEquals(3, notAProject.code(), notAProject::toString);
    assertTrue(notAProject.err().startsWith("mlctl: error: not an mlctl project"), notAProject::toString);
  }
}
