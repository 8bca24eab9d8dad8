package io.mlctl.core.exp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pipeline.ReproResult;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exp run} and {@code exp apply} on a real Git repository. */
class ExpRunTest {
  private static final String PIPELINE = """
      stages:
        train:
          cmd: >-
            mkdir -p out && echo "model lr=${train.lr}" > out/model.txt &&
            echo '{"acc": ${train.lr}, "cm": {"labels": ["a"], "matrix": [[1]]}}' > metrics.json
          params: [train.lr]
          outs: [out/model.txt]
          metrics: [{metrics.json: {cache: false}}]
      """;

  @TempDir
  Path tmp;

  private GitTestRepo repo() {
    GitTestRepo repo = GitTestRepo.init(tmp);
    repo.write("params.yaml", "train:\n  lr: 0.1  # rate\n");
    repo.write("mlctl.yaml", PIPELINE);
    repo.commit("pipeline", "params.yaml", "mlctl.yaml");
    return repo;
  }

  private static ExpRun.Options opts(String... overrides) {
    return new ExpRun.Options(List.of(overrides), List.of(), false, 1, line -> { });
  }

  @Test
  void run_recordsCommitParamsMetricsAndHashes_andApplyBringsAnEarlierRunBack() throws Exception {
    try (GitTestRepo repo = repo()) {
      String head = repo.git().getRepository().resolve("HEAD").name();
      ExpRun.Result first = new ExpRun(repo.project()).call(opts());
      RunRecord a = first.run();
      assertEquals(RunRecord.SUCCESS, a.status());
      assertEquals(head, a.commit());
      assertFalse(a.dirty());
      assertEquals(Map.of("train.lr", 0.1), a.params());
      assertEquals(Map.of("acc", 0.1), a.metrics());
      assertEquals(List.of("metrics.json", "out/model.txt"), List.copyOf(a.outs().keySet()));
      assertNotNull(a.ended());
      assertTrue(Files.exists(tmp.resolve(".mlctl/runs/" + a.id() + ".json")));

      RunRecord b = new ExpRun(repo.project()).call(opts("train.lr=0.3")).run();
      assertFalse(b.dirty(), "the -S edit is the run's own, recorded as overrides, not a dirty tree");
      assertEquals(Map.of("train.lr", 0.3), b.overrides());
      assertEquals(Map.of("acc", 0.3), b.metrics());
      assertEquals("train:\n  lr: 0.3  # rate\n", repo.project().root().resolve("params.yaml").toFile().exists()
          ? Files.readString(tmp.resolve("params.yaml")) : null);
      assertEquals("model lr=0.3\n", Files.readString(tmp.resolve("out/model.txt")));

      ExpApply.Result applied = new ExpApply(repo.project()).call(a.id());
      assertEquals(List.of("params.yaml", "mlctl.lock", "metrics.json", "out/model.txt"), applied.restored());
      assertEquals("train:\n  lr: 0.1  # rate\n", Files.readString(tmp.resolve("params.yaml")));
      assertEquals("model lr=0.1\n", Files.readString(tmp.resolve("out/model.txt")));
      assertTrue(Files.readString(tmp.resolve("metrics.json")).contains("\"acc\": 0.1"));
      // The tree is as the run left it, so nothing is stale.
      ReproResult again = new io.mlctl.core.pipeline.Repro(repo.project())
          .call(new io.mlctl.core.pipeline.Repro.Options(List.of(), false, true, false, 1, false, false, l -> { }));
      assertEquals(ReproResult.Outcome.SKIPPED_UP_TO_DATE, again.stages().get(0).outcome());
    }
  }

  @Test
  void apply_restoresTheStagesCodeFromTheRunsCommit_orRefusesToOverwriteUncommittedChanges() throws Exception {
    try (GitTestRepo repo = GitTestRepo.init(tmp)) {
      repo.write("params.yaml", "train:\n  lr: 0.1\n");
      repo.write("src/train.sh", "echo v1 > out.txt\n");
      repo.write("mlctl.yaml", "stages:\n  train:\n    cmd: sh src/train.sh\n    deps: [src/train.sh]\n"
          + "    params: [train.lr]\n    outs: [out.txt]\n");
      repo.commit("v1", "params.yaml", "mlctl.yaml", "src/train.sh");
      RunRecord a = new ExpRun(repo.project()).call(opts()).run();
      repo.write("src/train.sh", "echo v2 > out.txt\n");
      repo.commit("v2", "src/train.sh");
      new ExpRun(repo.project()).call(opts("train.lr=0.2"));
      assertEquals("v2\n", Files.readString(tmp.resolve("out.txt")));

      repo.write("src/train.sh", "echo work in progress > out.txt\n");
      ExpApply.Result refused = new ExpApply(repo.project()).call(a.label(), false);
      assertEquals(List.of("src/train.sh"), refused.refused());
      assertEquals(List.of(), refused.restored());
      assertEquals("echo work in progress > out.txt\n", Files.readString(tmp.resolve("src/train.sh")), "nothing written");
      assertEquals("train:\n  lr: 0.2\n", Files.readString(tmp.resolve("params.yaml")), "nothing written");

      ExpApply.Result forced = new ExpApply(repo.project()).call(a.label(), true);
      assertEquals(List.of("src/train.sh"), forced.code());
      assertTrue(forced.restored().containsAll(List.of("src/train.sh", "params.yaml", "out.txt")), forced.restored()::toString);
      assertEquals("echo v1 > out.txt\n", Files.readString(tmp.resolve("src/train.sh")));
      assertEquals("v1\n", Files.readString(tmp.resolve("out.txt")));
      var dry = new io.mlctl.core.pipeline.Repro(repo.project())
          .call(new io.mlctl.core.pipeline.Repro.Options(List.of(), false, true, false, 1, false, false, l -> { }));
      assertEquals(ReproResult.Outcome.SKIPPED_UP_TO_DATE, dry.stages().get(0).outcome(), "code, params and outputs agree");

      // With the code committed as it was, no --force is needed.
      repo.git().checkout().addPath("src/train.sh").call();
      ExpApply.Result clean = new ExpApply(repo.project()).call(a.id(), false);
      assertEquals(List.of(), clean.refused());
      assertEquals("echo v1 > out.txt\n", Files.readString(tmp.resolve("src/train.sh")));
    }
  }

  @Test
  void gc_keepsWhatARunNeedsForApply_untilTheRunIsRemoved() throws Exception {
    try (GitTestRepo repo = repo()) {
      RunRecord a = new ExpRun(repo.project()).call(opts()).run();
      new ExpRun(repo.project()).call(opts("train.lr=0.2"));
      String model = a.outs().get("out/model.txt");
      io.mlctl.core.data.Gc.Result kept = new io.mlctl.core.data.Gc(repo.workspace()).call();
      assertFalse(kept.removed().contains(model), "run a's model is kept");
      new ExpApply(repo.project()).call(a.id());
      assertEquals("model lr=0.1\n", Files.readString(tmp.resolve("out/model.txt")));

      new ExpRun(repo.project()).call(opts("train.lr=0.2"));
      new RunStore(tmp.resolve(".mlctl/runs")).remove(a.id());
      io.mlctl.core.data.Gc.Result freed = new io.mlctl.core.data.Gc(repo.workspace()).call();
      assertTrue(freed.removed().contains(model), "with run a gone, its model goes too");
    }
  }

  @Test
  void aFailingStage_isRecordedAsFailed() throws Exception {
    try (GitTestRepo repo = repo()) {
      repo.write("mlctl.yaml", "stages:\n  bad:\n    cmd: exit 3\n");
      ExpRun.Result r = new ExpRun(repo.project()).call(opts());
      assertTrue(r.repro().failed());
      assertEquals(RunRecord.FAILED, r.run().status());
      assertEquals(RunRecord.FAILED, new RunStore(tmp.resolve(".mlctl/runs")).get(r.run().id()).status());
    }
  }

  @Test
  void anUnknownOverrideKey_changesNothingAndRecordsNoRun() throws Exception {
    try (GitTestRepo repo = repo()) {
      BadInputException e = assertThrows(BadInputException.class,
          () -> new ExpRun(repo.project()).call(opts("train.lr=0.5", "train.rl=1")));
      assertEquals("-S train.rl: no such parameter in params.yaml", e.getMessage());
      assertEquals("train:\n  lr: 0.1  # rate\n", Files.readString(tmp.resolve("params.yaml")));
      assertTrue(new RunStore(tmp.resolve(".mlctl/runs")).all().isEmpty());
    }
  }

  @Test
  void apply_whenAnObjectLeftTheCache_changesNothing() throws Exception {
    try (GitTestRepo repo = repo()) {
      RunRecord a = new ExpRun(repo.project()).call(opts()).run();
      new ExpRun(repo.project()).call(opts("train.lr=0.2"));
      String model = a.outs().get("out/model.txt");
      Files.delete(tmp.resolve(".mlctl/cache/sha256/" + model.substring(0, 2) + "/" + model.substring(2)));
      BadInputException e = assertThrows(BadInputException.class, () -> new ExpApply(repo.project()).call(a.id()));
      assertTrue(e.getMessage().contains("out/model.txt"), e.getMessage());
      assertEquals("train:\n  lr: 0.2  # rate\n", Files.readString(tmp.resolve("params.yaml")));
    }
  }

  @Test
  void apply_ofARunRecordNamingAGitOrMlctlPath_isRefusedAndWritesNothing() throws Exception {
    try (GitTestRepo repo = repo()) {
      RunRecord a = new ExpRun(repo.project()).call(opts()).run();
      new ExpRun(repo.project()).call(opts("train.lr=0.2"));
      Path record = tmp.resolve(".mlctl/runs/" + a.id() + ".json");
      String original = Files.readString(record);
      String gitConfig = Files.readString(tmp.resolve(".git/config"));
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      for (String evil : List.of(".git/config", ".GIT/hooks/post-checkout", ".mlctl/config.yaml")) {
        // The run names the parameter file it restores: a hostile record names another place.
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(original);
        com.fasterxml.jackson.databind.node.ObjectNode files = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("param_files");
        files.set(evil, files.remove("params.yaml"));
        Files.writeString(record, json.writeValueAsString(tree));

        BadInputException e = assertThrows(BadInputException.class, () -> new ExpApply(repo.project()).call(a.id()), evil);

        assertTrue(e.getMessage().startsWith("run " + a.id() + ": path '" + evil + "'"), e.getMessage());
      }
      assertEquals(gitConfig, Files.readString(tmp.resolve(".git/config")));
      assertEquals("train:\n  lr: 0.2  # rate\n", Files.readString(tmp.resolve("params.yaml")), "nothing was applied");
    }
  }
}
