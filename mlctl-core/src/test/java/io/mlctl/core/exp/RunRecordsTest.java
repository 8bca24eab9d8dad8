package io.mlctl.core.exp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.pipeline.Repro;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run's record holds after {@code repro} and {@code exp run}, and what readers make of it. */
class RunRecordsTest {
  // The stage logs a loss curve through MLCTL_LOG_FILE and writes a metrics file.
  private static final String LOGGING = """
      stages:
        train:
          cmd: >-
            for v in 0.9 0.5 0.3; do echo "{\\"metric\\": \\"loss\\", \\"value\\": $v}" >> "$MLCTL_LOG_FILE"; done &&
            echo '{"param": "optimizer", "value": "adam"}' >> "$MLCTL_LOG_FILE" &&
            echo '{"acc": ${train.lr}}' > metrics.json
          params: [train.lr]
          metrics: [{metrics.json: {cache: false}}]
      """;

  @TempDir
  Path tmp;

  private GitTestRepo repo(String pipeline) {
    GitTestRepo repo = GitTestRepo.init(tmp);
    repo.write("params.yaml", "train:\n  lr: 0.1\n");
    repo.write("mlctl.yaml", pipeline);
    repo.commit("pipeline", "params.yaml", "mlctl.yaml");
    return repo;
  }

  private static Repro.Options reproOpts() {
    return new Repro.Options(List.of(), false, false, false, 1, false, false, line -> { });
  }

  private List<RunRecord> runs() {
    return new RunStore(tmp.resolve(".mlctl/runs")).all();
  }

  @Test
  void repro_whoseStageLogs_recordsAWholeRun() throws Exception {
    try (GitTestRepo repo = repo(LOGGING)) {
      String head = repo.git().getRepository().resolve("HEAD").name();
      RecordedRepro.Result r = new RecordedRepro(repo.project()).call(reproOpts());
      RunRecord run = r.run().orElseThrow();
      assertEquals(List.of(run), runs());
      assertEquals(RunRecord.SUCCESS, run.status());
      assertEquals(head, run.commit());
      assertFalse(run.dirty());
      assertNotNull(run.ended());
      assertNull(run.pid(), "a finished run names no process");
      assertEquals(List.of("train"), run.stages());
      assertEquals(0.1, run.params().get("train.lr"));
      assertEquals("adam", run.params().get("optimizer"));
      assertEquals(0.1, run.metrics().get("acc"));
      assertEquals(0.3, run.metrics().get("loss"));
      assertEquals(List.of(0L, 1L, 2L), run.series().get("loss").stream().map(RunRecord.Point::step).toList());
      assertTrue(run.outs().containsKey("metrics.json"));
      assertNotNull(run.lockFile(), "exp apply can bring it back");
      assertNotNull(run.name());
      assertFalse(Files.exists(tmp.resolve(".mlctl/tmp/runs/" + run.id())), "the log files are folded and gone");

      // Up to date: nothing runs, nothing is recorded.
      assertTrue(new RecordedRepro(repo.project()).call(reproOpts()).run().isEmpty());
      assertEquals(1, runs().size());
    }
  }

  @Test
  void repro_thatLogsNothing_recordsNothing() throws Exception {
    try (GitTestRepo repo = repo("stages:\n  s:\n    cmd: echo hi > out.txt\n    outs: [out.txt]\n")) {
      RecordedRepro.Result r = new RecordedRepro(repo.project()).call(reproOpts());
      assertEquals(1, r.repro().stages().size());
      assertTrue(r.run().isEmpty());
      assertTrue(runs().isEmpty());
    }
  }

  @Test
  void aFailedExpRun_holdsOnlyWhatItLogged_notTheMetricsAnEarlierRunLeft() throws Exception {
    try (GitTestRepo repo = repo(LOGGING)) {
      RunRecord first = new ExpRun(repo.project()).call(opts()).run();
      assertEquals(0.1, first.metrics().get("acc"));
      repo.write("mlctl.yaml", LOGGING.replace("echo '{\"acc\": ${train.lr}}' > metrics.json", "exit 1"));
      RunRecord failed = new ExpRun(repo.project()).call(opts()).run();
      assertEquals(RunRecord.FAILED, failed.status());
      assertEquals(Map.of("loss", 0.3), failed.metrics(), "metrics.json is the first run's, not this one's");
      assertEquals(List.of(), failed.stages());
      assertFalse(failed.outs().containsKey("metrics.json"));
    }
  }

  @Test
  void theSameOverridesTwice_recordASecondRunWithTheSeriesOfTheStagesThatWereUpToDate() throws Exception {
    try (GitTestRepo repo = repo(LOGGING)) {
      RunRecord a = new ExpRun(repo.project()).call(opts("train.lr=0.2")).run();
      RunRecord b = new ExpRun(repo.project()).call(opts("train.lr=0.2")).run();
      assertEquals(List.of("train"), a.stages());
      assertEquals(List.of(), b.stages(), "nothing had to run");
      assertEquals(a.series(), b.series());
      assertEquals(a.metrics(), b.metrics());
      assertEquals("adam", b.params().get("optimizer"));
      assertFalse(a.name().equals(b.name()), "every run has its own name");
    }
  }

  @Test
  void aRunWhoseProcessIsGone_readsAsKilled_andOneStillGoingAsRunning() throws Exception {
    RunStore store = new RunStore(tmp.resolve("runs"));
    Process gone = new ProcessBuilder("true").start();
    String goneStart = gone.info().startInstant().map(Object::toString).orElse(null);
    gone.waitFor();
    RunRecord.Builder b = RunRecord.empty("dead", "2026-01-01T00:00:00Z").toBuilder();
    b.status = RunRecord.RUNNING;
    b.pid = gone.pid();
    b.pidStarted = goneStart;
    store.put(b.build());
    RunRecord.Builder live = RunRecord.empty("live", "2026-01-01T00:00:01Z").toBuilder();
    live.status = RunRecord.RUNNING;
    live.pid = Processes.currentPid();
    live.pidStarted = Processes.currentStart();
    store.put(live.build());
    RunRecord.Builder reused = RunRecord.empty("reused", "2026-01-01T00:00:02Z").toBuilder();
    reused.status = RunRecord.RUNNING;
    reused.pid = Processes.currentPid();
    reused.pidStarted = "2001-01-01T00:00:00Z";
    store.put(reused.build());

    assertEquals(RunRecord.KILLED, store.get("dead").status());
    assertEquals(RunRecord.RUNNING, store.get("live").status());
    assertEquals(RunRecord.KILLED, store.get("reused").status(), "another process now has the id");
    assertEquals(List.of(RunRecord.KILLED, RunRecord.RUNNING, RunRecord.KILLED),
        store.all().stream().map(RunRecord::status).toList());
  }

  @Test
  void log_intoARunThatDoesNotExist_isBadInputNamingTheId_andCreatesNothing() {
    RunStore store = new RunStore(tmp.resolve("runs"));
    BadInputException e = assertThrows(BadInputException.class,
        () -> new RunLog(store, "nonexistent", Clock.systemUTC()).metric("loss", "1", Optional.empty()));
    assertEquals("unknown run 'nonexistent'", e.getMessage());
    assertThrows(BadInputException.class, () -> new RunLog(store, "nonexistent", Clock.systemUTC()).param("a", "1"));
    assertTrue(store.all().isEmpty());
  }

  @Test
  void log_ofANegativeStep_isRefused() {
    RunStore store = new RunStore(tmp.resolve("runs"));
    store.put(RunRecord.empty("r", "2026-01-01T00:00:00Z"));
    BadArgumentException e = assertThrows(BadArgumentException.class,
        () -> new RunLog(store, "r", Clock.systemUTC()).metric("loss", "1", Optional.of(-1L)));
    assertEquals("metric loss: --step -1 is negative", e.getMessage());
    assertTrue(store.get("r").series().isEmpty());
  }

  private static ExpRun.Options opts(String... overrides) {
    return new ExpRun.Options(List.of(overrides), List.of(), false, 1, line -> { });
  }
}
