package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ends an {@code mlctl repro} while its stage runs, by SIGKILL (no Java code runs then), SIGTERM
 * and SIGINT: no process of the stage may go on, not its shell, not the shell's child, and not a
 * grandchild whose parent has exited (which no process tree leads to any more), and none of them
 * writes anything afterwards.
 */
@Timeout(90)
class KillDuringReproTest {
  /**
   * The stage: an inner shell that exits at once, leaving its child behind; a child of the
   * stage's shell; the shell waiting for them. Each would write a file four seconds on.
   */
  private static final String PIPELINE = """
      stages:
        train:
          cmd: sh -c '(sleep 4; echo late > orphan.txt) & echo $! > orphan.pid'; (sleep 4; echo late > child.txt) & echo $! > child.pid; echo $$ > shell.pid; touch started; wait; echo done > model.txt
          outs: [model.txt]
      """;

  @ParameterizedTest
  @ValueSource(strings = {"KILL", "TERM", "INT"})
  void repro_ended_leavesNoProcessOfTheStageBehind(String signal, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "stages outlive a killed mlctl without /proc");
    if (signal.equals("INT")) {
      // A JVM started with SIGINT ignored (in the background of a script) keeps ignoring it.
      Assumptions.assumeFalse(ignored(2), "SIGINT is ignored in this test's process");
    }
    Path root = dir.resolve("repo");
    Files.createDirectories(root);
    assertEquals(0, CliRepo.run(root, "init", "--no-git").code());
    Files.writeString(root.resolve("mlctl.yaml"), PIPELINE);

    Process child = ChildJvm.of(Main.class, "-C", root.toString(), "repro", "-q")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> pidFiles = List.of("shell.pid", "child.pid", "orphan.pid");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (!Files.exists(root.resolve("started")) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(Files.exists(root.resolve("started")), "the stage did not start");
      long signalled = System.nanoTime();
      new ProcessBuilder("kill", "-s", signal, Long.toString(child.pid())).inheritIO().start().waitFor();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "mlctl did not end");

      for (String f : pidFiles) {
        long pid = Long.parseLong(Files.readString(root.resolve(f)).trim());
        // Checked before the processes would have ended by themselves.
        long until = signalled + TimeUnit.MILLISECONDS.toNanos(3500);
        while (!ended(pid) && System.nanoTime() < until) {
          Thread.sleep(10);
        }
        assertTrue(ended(pid), "the stage's process from " + f + " (PID " + pid + ") still runs after SIG" + signal + " of mlctl");
      }
      // Past the moment the stage's processes would have written their files.
      long wait = TimeUnit.SECONDS.toMillis(5) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      Thread.sleep(Math.max(0, wait));
    } finally {
      child.destroyForcibly();
    }
    for (String f : List.of("orphan.txt", "child.txt", "model.txt")) {
      assertTrue(Files.notExists(root.resolve(f)), f + " was written after mlctl ended (SIG" + signal + ")");
    }
  }

  @Test
  void repro_killed_whileAStageRunsAnotherMlctlRepro_leavesNoProcessOfEitherBehind(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "stages outlive a killed mlctl without /proc");
    Path inner = dir.resolve("inner");
    Path outer = dir.resolve("outer");
    for (Path p : List.of(inner, outer)) {
      Files.createDirectories(p);
      assertEquals(0, CliRepo.run(p, "init", "--no-git").code());
    }
    Files.writeString(inner.resolve("mlctl.yaml"), PIPELINE);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String mlctl = "'" + java + "' -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path") + "' "
        + Main.class.getName() + " -C '" + inner + "' repro -q";
    Files.writeString(outer.resolve("mlctl.yaml"), "stages:\n  nested:\n    cmd: " + mlctl.replace("'", "''")
        .transform(c -> "'" + c + "; echo done > nested.txt'") + "\n    outs: [nested.txt]\n");

    Process child = ChildJvm.of(Main.class, "-C", outer.toString(), "repro", "-q")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(inner.resolve("started")) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(Files.exists(inner.resolve("started")), "the inner stage did not start");
      long signalled = System.nanoTime();
      child.destroyForcibly();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "mlctl did not end");
      for (String f : List.of("shell.pid", "child.pid", "orphan.pid")) {
        long pid = Long.parseLong(Files.readString(inner.resolve(f)).trim());
        long until = signalled + TimeUnit.MILLISECONDS.toNanos(3500);
        while (!ended(pid) && System.nanoTime() < until) {
          Thread.sleep(10);
        }
        assertTrue(ended(pid), "the inner stage's process from " + f + " (PID " + pid + ") still runs");
      }
      Thread.sleep(Math.max(0, 5000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled)));
    } finally {
      child.destroyForcibly();
    }
    for (Path f : List.of(inner.resolve("orphan.txt"), inner.resolve("child.txt"), inner.resolve("model.txt"),
        outer.resolve("nested.txt"))) {
      assertTrue(Files.notExists(f), f + " was written after mlctl was killed");
    }
  }

  /** Whether a process has ended: gone, or a zombie nobody reaped (an orphan's, under some init). */
  private static boolean ended(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException gone) {
      return true;
    }
  }

  /** Whether this process ignores signal {@code sig} ({@code SigIgn} in /proc/self/status). */
  private static boolean ignored(int sig) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (sig - 1))) != 0;
      }
    }
    return false;
  }
}
