package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage's commands run one by one with {@code sh -c}: what the log holds, what the commands
 * see, and how a run that is being stopped, or a thread that is interrupted, ends them.
 */
@org.junit.jupiter.api.Timeout(120)
class StageRunnerTest {
  @TempDir
  Path root;
  private Path logs;
  private final Map<String, StageRunner.Running> running = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    logs = Files.createDirectories(root.resolve("logs"));
  }

  private static Stage stage(String... cmds) {
    return new Stage("s", List.of(cmds), ".", List.of(), List.of(), List.of(), false, false);
  }

  private int run(Stage s, BooleanSupplier stopped, List<String> lines) {
    return new StageRunner(root, logs, StageRunner.builder(Map.of()), lines::add, running, stopped).run(s, null);
  }

  private String log() throws IOException {
    return Files.readString(logs.resolve("s.log"));
  }

  @Test
  void aCommandThatReadsItsInput_seesItsEndAtOnce() throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    assertEquals(0, run(stage("cat > got.txt; echo read"), () -> false, lines));
    assertEquals("", Files.readString(root.resolve("got.txt")));
    assertEquals(List.of("$ cat > got.txt; echo read", "read"), lines);
    assertEquals("$ cat > got.txt; echo read\nread\n", log());
    assertEquals(Map.of(), running, "no process left registered");
  }

  @Test
  void aRunBeingStopped_startsNoFurtherCommand_andSaysSoInTheLog() throws IOException {
    Files.writeString(logs.resolve("s.log"), "an older, longer log\n".repeat(100));
    List<String> lines = new java.util.ArrayList<>();
    assertEquals(143, run(stage("echo never > never.txt"), () -> true, lines));
    assertEquals("stopped\n", log());
    assertEquals(List.of(), lines);
    assertFalse(Files.exists(root.resolve("never.txt")));
  }

  @Test
  void aCommandStartedJustAsTheRunWasStopped_isStoppedToo() throws IOException {
    // Asked once before the command starts (not yet), then once it has started (now stopping).
    AtomicInteger asked = new AtomicInteger();
    List<String> lines = new java.util.ArrayList<>();
    int status = run(stage("echo $$ > pid.txt; sleep 30; echo finished > finished.txt", "echo next > next.txt"),
        () -> asked.incrementAndGet() > 1, lines);
    assertTrue(status != 0, "status " + status);
    assertTrue(log().startsWith("$ echo $$ > pid.txt; sleep 30; echo finished > finished.txt\n"), log());
    assertTrue(log().endsWith("exit status " + status + "\n"), log());
    assertFalse(Files.exists(root.resolve("finished.txt")));
    assertFalse(Files.exists(root.resolve("next.txt")));
    assertEquals(Map.of(), running);
  }

  @Test
  void aStageThreadInterruptedWhileItsCommandRuns_stopsTheCommand_andEndsWithStatus130() throws Exception {
    // The command closes its output first, so that the runner is waiting for it to end.
    Stage s = stage("exec > /dev/null 2>&1; echo $$ > pid.txt; sleep 30; echo finished > finished.txt");
    int[] status = {-1};
    boolean[] interrupted = {false};
    Thread t = new Thread(() -> {
      status[0] = run(s, () -> false, new java.util.ArrayList<>());
      interrupted[0] = Thread.currentThread().isInterrupted();
    });
    t.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while ((!Files.exists(root.resolve("pid.txt")) || Files.size(root.resolve("pid.txt")) == 0) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    t.interrupt();
    t.join(20_000);
    assertFalse(t.isAlive(), "still waiting for the command");
    assertEquals(130, status[0]);
    assertTrue(interrupted[0], "the interrupt is kept for the caller");
    long pid = Long.parseLong(Files.readString(root.resolve("pid.txt")).trim());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !ReproTest.ended(pid), "the command still runs");
    assertTrue(log().endsWith("exit status 130\n"), log());
    assertFalse(Files.exists(root.resolve("finished.txt")));
  }

  @Test
  void environment_putsTheRunningMlctlFirstOnPath_andNamesTheRootAndTheRun() throws IOException {
    new Init(root).noGit(true).call();
    Map<String, String> env = new HashMap<>();
    env.put("MLCTL_HOME", "/opt/mlctl");
    env.put("PATH", "/usr/bin:/bin");
    env.put("OTHER", "kept");
    try (Project p = Project.open(root, Clock.systemUTC(), env)) {
      Map<String, String> e = StageRunner.environment(p, "run-1");
      assertEquals("/opt/mlctl/bin:/usr/bin:/bin", e.get("PATH"));
      assertEquals("kept", e.get("OTHER"));
      assertEquals(p.root().toString(), e.get("MLCTL_ROOT"));
      assertEquals("run-1", e.get("MLCTL_RUN_ID"));
    }
    env.put("PATH", "");
    try (Project p = Project.open(root, Clock.systemUTC(), env)) {
      assertEquals("/opt/mlctl/bin", StageRunner.environment(p, "run-1").get("PATH"));
    }
    env.put("MLCTL_HOME", "");
    env.put("PATH", "/usr/bin");
    try (Project p = Project.open(root, Clock.systemUTC(), env)) {
      assertEquals("/usr/bin", StageRunner.environment(p, "run-1").get("PATH"), "no mlctl home, PATH as it was");
    }
    env.remove("MLCTL_HOME");
    try (Project p = Project.open(root, Clock.systemUTC(), env)) {
      assertEquals("/usr/bin", StageRunner.environment(p, "run-1").get("PATH"));
    }
  }

  @Test
  void eachCommandSeesItsStage_inItsWorkingDirectory_andTheLogKeepsTheOutputsBytes() throws IOException {
    Files.createDirectories(root.resolve("sub"));
    Stage s = new Stage("s", List.of("printf 'caf\\303\\251\\r\\nend' ; echo \" $MLCTL_STAGE $(basename \"$PWD\")\""), "sub",
        List.of(), List.of(), List.of(), false, false);
    List<String> lines = new java.util.ArrayList<>();
    assertEquals(0, new StageRunner(root, logs, StageRunner.builder(Map.of()), lines::add, running, () -> false).run(s, null));
    assertEquals(List.of("$ " + s.cmd().get(0), "caf\u00e9", "end s sub"), lines);
    assertEquals("$ " + s.cmd().get(0) + "\ncaf\u00e9\nend s sub\n", log());
  }
}
