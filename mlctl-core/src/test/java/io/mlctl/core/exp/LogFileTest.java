package io.mlctl.core.exp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.pipeline.Repro;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code MLCTL_LOG_FILE}: JSON lines a stage appends, folded into the run when the stage ends. */
class LogFileTest {
  @TempDir
  Path tmp;

  private GitTestRepo repo(String pipeline) {
    GitTestRepo repo = GitTestRepo.init(tmp.resolve("repo"));
    repo.write("mlctl.yaml", pipeline);
    repo.commit("pipeline", "mlctl.yaml");
    return repo;
  }

  private static ExpRun.Options opts(int jobs) {
    return new ExpRun.Options(List.of(), List.of(), false, jobs, line -> { });
  }

  @Test
  void read_takesMetricsWithAndWithoutSteps_andParamsOfEveryType() throws Exception {
    Path f = Files.writeString(tmp.resolve("log.jsonl"), """
        {"metric": "loss", "value": 0.31, "step": 7}
        {"metric": "loss", "value": 0.25}
        {"metric": "acc", "value": 1, "step": 0, "timestamp": 1700000000000}

        {"param": "seed", "value": 3}
        {"param": "optimizer", "value": "adam"}
        {"param": "shuffle", "value": true}
        """);
    LogFile.Lines lines = LogFile.read(f, "log");
    assertEquals(List.of(), lines.warnings());
    RunRecord r = LogFile.fold(RunRecord.empty("r", "t"), lines, "train", 42);
    assertEquals(List.of(new RunRecord.Point(7, 0.31, 42), new RunRecord.Point(8, 0.25, 42)), r.series().get("loss"));
    assertEquals(List.of(new RunRecord.Point(0, 1, 1700000000000L)), r.series().get("acc"));
    assertEquals(Map.of("seed", 3, "optimizer", "adam", "shuffle", true), r.loggedParams());
    assertEquals("train", r.loggedBy().get("metric:loss"));
    assertEquals("train", r.loggedBy().get("param:seed"));
  }

  @Test
  void read_ofMalformedLines_warnsNamingEachLine_andKeepsTheOthers() throws Exception {
    Path f = Files.writeString(tmp.resolve("log.jsonl"), """
        {"metric": "loss", "value": 0.5}
        {"metric": "loss", "value": 0.4
        [1, 2]
        {"metric": "loss"}
        {"metric": "loss", "value": "high"}
        {"metric": "loss", "value": 0.3, "step": -2}
        {"metric": "loss", "param": "x", "value": 1}
        {"param": "p", "value": {"a": 1}}
        {"metric": "loss", "value": 0.2}
        """);
    LogFile.Lines lines = LogFile.read(f, "stage train: MLCTL_LOG_FILE");
    assertEquals(List.of(0.5, 0.2), lines.metrics().get("loss").stream().map(LogFile.Metric::value).toList());
    assertEquals(7, lines.warnings().size(), lines.warnings()::toString);
    assertTrue(lines.warnings().get(0).startsWith("stage train: MLCTL_LOG_FILE line 2: malformed JSON ("),
        lines.warnings().get(0));
    assertTrue(lines.warnings().get(0).endsWith("; the line is left out"), lines.warnings().get(0));
    assertEquals("stage train: MLCTL_LOG_FILE line 3: not a JSON object; the line is left out", lines.warnings().get(1));
    assertEquals("stage train: MLCTL_LOG_FILE line 4: no \"value\"; the line is left out", lines.warnings().get(2));
    assertEquals("stage train: MLCTL_LOG_FILE line 5: metric loss: the value must be a finite number; the line is left out",
        lines.warnings().get(3));
    assertEquals("stage train: MLCTL_LOG_FILE line 6: metric loss: the step must be a whole number from 0; the line is left out",
        lines.warnings().get(4));
    assertTrue(lines.warnings().get(5).startsWith("stage train: MLCTL_LOG_FILE line 7: needs exactly one of"));
    assertTrue(lines.warnings().get(6).startsWith("stage train: MLCTL_LOG_FILE line 8: param p:"));
  }

  @Test
  void aStageWithAMalformedLine_stillRecordsItsRun_andTheWarningNamesTheLine() throws Exception {
    try (GitTestRepo repo = repo("""
        stages:
          train:
            cmd: >-
              echo '{"metric": "loss", "value": 0.5}' >> "$MLCTL_LOG_FILE" &&
              echo 'loss=0.4' >> "$MLCTL_LOG_FILE"
        """)) {
      ExpRun.Result r = new ExpRun(repo.project()).call(opts(1));
      assertEquals(RunRecord.SUCCESS, r.run().status());
      assertEquals(1, r.run().series().get("loss").size());
      assertEquals(1, r.notes().size(), r.notes()::toString);
      assertTrue(r.notes().get(0).startsWith("stage train: MLCTL_LOG_FILE line 2: malformed JSON"), r.notes().get(0));
    }
  }

  @Test
  void tenThousandLines_areFoldedWhole() throws Exception {
    try (GitTestRepo repo = repo("""
        stages:
          train:
            cmd: >-
              awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{\\"metric\\": \\"loss\\", \\"value\\": %d, \\"step\\": %d}\\n", i, i }'
              >> "$MLCTL_LOG_FILE"
        """)) {
      RecordedRepro.Result r = new RecordedRepro(repo.project()).call(
          new Repro.Options(List.of(), false, false, false, 1, false, false, line -> { }));
      List<RunRecord.Point> loss = r.run().orElseThrow().series().get("loss");
      assertEquals(10_000, loss.size());
      for (int i = 0; i < loss.size(); i++) {
        assertEquals(i, loss.get(i).step());
        assertEquals(i, loss.get(i).value());
      }
      assertEquals(9999.0, r.run().orElseThrow().metrics().get("loss"));
    }
  }

  @Test
  void twoStagesWritingAtOnce_eachHaveTheirOwnFile_andNothingIsLost() throws Exception {
    String stage = """
          %s:
            cmd: >-
              for i in $(seq 0 199); do echo "{\\"metric\\": \\"%s\\", \\"value\\": $i}" >> "$MLCTL_LOG_FILE";
              echo "{\\"metric\\": \\"shared\\", \\"value\\": $i}" >> "$MLCTL_LOG_FILE"; done &&
              echo "$MLCTL_LOG_FILE" > %s.txt
            outs: [%s.txt]
        """;
    try (GitTestRepo repo = repo("stages:\n" + stage.formatted("a", "a", "a", "a") + stage.formatted("b", "b", "b", "b"))) {
      RunRecord r = new ExpRun(repo.project()).call(opts(2)).run();
      assertEquals(200, r.series().get("a").size());
      assertEquals(200, r.series().get("b").size());
      assertEquals(400, r.series().get("shared").size(), "both stages' points, none lost");
      String fileA = Files.readString(repo.root().resolve("a.txt")).strip();
      String fileB = Files.readString(repo.root().resolve("b.txt")).strip();
      assertTrue(!fileA.equals(fileB), "each stage has its own file");
      assertTrue(!Files.exists(Path.of(fileA)) && !Files.exists(Path.of(fileB)), "folded and removed");
      assertEquals("a", r.loggedBy().get("metric:a"));
      assertEquals("b", r.loggedBy().get("metric:b"));
    }
  }
}
