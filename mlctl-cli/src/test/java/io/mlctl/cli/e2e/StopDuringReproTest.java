package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.cli.Main;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.repo.Project;
import io.mlctl.core.status.Status;
import io.mlctl.core.status.StatusResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops (SIGTERM, as Ctrl-C's signal does) an {@code mlctl repro} while its last stage runs: the
 * lock, written behind the stages, must then hold whole entries of every stage that finished and
 * none of the stopped one, with no temporary file left beside it.
 */
@Timeout(60)
class StopDuringReproTest {
  @Test
  void repro_stopped_keepsTheEntriesOfTheStagesThatFinished(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("repo");
    Files.createDirectories(root);
    assertEquals(0, CliRepo.run(root, "init", "--no-git").code());
    Files.writeString(root.resolve("in.txt"), "x\n");
    StringBuilder yaml = new StringBuilder("stages:\n");
    List<String> quick = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String name = String.format("s%02d", i);
      quick.add(name);
      yaml.append("  ").append(name).append(": {cmd: cp in.txt ").append(name).append(".txt, deps: [in.txt], outs: [")
          .append(name).append(".txt]}\n");
    }
    yaml.append("  slow: {cmd: touch started; sleep 30; touch slow.txt, deps: [s09.txt], outs: [slow.txt]}\n");
    Files.writeString(root.resolve("mlctl.yaml"), yaml.toString());

    Process child = ChildJvm.of(Main.class, "-C", root.toString(), "repro", "-q")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (!Files.exists(root.resolve("started")) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(Files.exists(root.resolve("started")), "the last stage did not start");
      child.destroy();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "mlctl did not stop");
    } finally {
      child.destroyForcibly();
    }

    assertEquals(new TreeSet<>(quick), new LockFile(root).read().keySet());
    assertTrue(Files.notExists(root.resolve("slow.txt")));
    try (Stream<Path> files = Files.list(root)) {
      assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".mlctl-tmp-")).toList());
    }
    try (Project p = Project.open(root, Clock.systemUTC(), Map.of())) {
      List<String> stale = new Status(p).call().stages().stream().filter(StatusResult.StageState::stale)
          .map(StatusResult.StageState::name).toList();
      assertEquals(List.of("slow"), stale, "the finished stages are up to date");
    }
  }
}
