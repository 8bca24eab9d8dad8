package io.mlctl.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.exp.ExpApply;
import io.mlctl.core.exp.ExpBranch;
import io.mlctl.core.exp.ExpRun;
import io.mlctl.core.exp.ExpShow;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.repo.Project;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code exp push}, {@code exp pull} and {@code exp show --all-remote} between two clones; {@code exp branch}. */
class ExperimentTransferTest {
  @RegisterExtension
  static final S3ProxyServer S3 = new S3ProxyServer();

  private static final String PIPELINE = """
      stages:
        train:
          cmd: >-
            mkdir -p out && echo "model lr=${train.lr}" > out/model.txt &&
            echo '{"metric": "loss", "value": ${train.lr}}' >> "$MLCTL_LOG_FILE" &&
            echo '{"acc": ${train.lr}}' > metrics.json
          params: [train.lr]
          outs: [out]
          metrics: [{metrics.json: {cache: false}}]
      """;

  @TempDir
  Path tmp;

  private GitTestRepo first() {
    GitTestRepo repo = GitTestRepo.init(tmp.resolve("a"));
    repo.write("params.yaml", "train:\n  lr: 0.1\n");
    repo.write("mlctl.yaml", PIPELINE);
    repo.commit("pipeline", "params.yaml", "mlctl.yaml");
    return repo;
  }

  private static ExpRun.Options opts(String name, String... overrides) {
    return new ExpRun.Options(List.of(overrides), List.of(), false, 1, l -> { }, name, Map.of("team", "a"), null);
  }

  private ExperimentTransfer.Result move(Project p, boolean push, List<String> runs) {
    Workspace ws = new Workspace(p);
    Remotes remotes = new Remotes(p);
    try (RemoteStore store = remotes.open("origin")) {
      Transfer t = new Transfer(ws, store, 2);
      ExperimentTransfer x = new ExperimentTransfer(ws, store, 2);
      return push ? x.push(t, runs) : x.pull(t, runs);
    }
  }

  @Test
  void pushPullRoundTrip_throughAFolderRemote() throws Exception {
    roundTrip((p, name) -> new Remotes(p).add(name, tmp.resolve("remote").toString(), true));
  }

  @Test
  void pushPullRoundTrip_throughAnS3Remote() throws Exception {
    roundTrip((p, name) -> {
      S3.addRemote(p, name, "exp-" + tmp.getFileName());
      new Remotes(p).makeDefault(name);
    });
  }

  private void roundTrip(BiConsumer<Project, String> addRemote) throws Exception {
    try (GitTestRepo a = first()) {
      RunRecord one = new ExpRun(a.project()).call(opts("first")).run();
      RunRecord two = new ExpRun(a.project()).call(opts("second", "train.lr=0.2")).run();
      addRemote.accept(a.project(), "origin");

      ExperimentTransfer.Result pushed = move(a.project(), true, List.of());
      assertEquals(List.of(one.id(), two.id()), pushed.moved());
      assertTrue(pushed.objects().transferred() >= 4, pushed.toString());
      ExperimentTransfer.Result again = move(a.project(), true, List.of("first"));
      assertEquals(List.of(), again.moved());
      assertEquals(List.of(one.id()), again.present());

      Path bDir = tmp.resolve("b");
      Git.cloneRepository().setURI(a.root().toUri().toString()).setDirectory(bDir.toFile()).call().close();
      try (Project b = Project.open(bDir)) {
        addRemote.accept(b, "origin");
        List<RunRecord> remoteOnly = new ExpShow(b).remote(null, Optional.empty(), Map.of());
        assertEquals(List.of("first", "second"), remoteOnly.stream().map(RunRecord::name).toList());
        assertEquals(1, new ExpShow(b).remote(null, Optional.empty(), Map.of("team", "a")).stream()
            .filter(r -> r.name().equals("first")).count());

        ExperimentTransfer.Result pulled = move(b, false, List.of("first"));
        assertEquals(List.of(one.id()), pulled.moved());
        RunRecord got = new RunStore(b.layout().runs()).get("first");
        assertEquals(one.metrics(), got.metrics());
        assertEquals(one.series(), got.series());
        assertEquals(List.of("second"), new ExpShow(b).remote(null, Optional.empty(), Map.of()).stream()
            .map(RunRecord::name).toList(), "only what this clone lacks");

        // The clone can apply the run: every object it names came along.
        new ExpApply(b).call("first");
        assertEquals("model lr=0.1\n", Files.readString(bDir.resolve("out/model.txt")));
        assertEquals("train:\n  lr: 0.1\n", Files.readString(bDir.resolve("params.yaml")));

        ExperimentTransfer.Result rest = move(b, false, List.of());
        assertEquals(List.of(two.id()), rest.moved());
        assertEquals(List.of(one.id()), rest.present());
        BadInputException unknown = assertThrows(BadInputException.class, () -> move(b, false, List.of("nope")));
        assertEquals("no run 'nope' on remote 'origin'", unknown.getMessage());
      }
    }
  }

  @Test
  void branch_holdsTheRunsParamsAndLockOnTopOfItsCommit_andLeavesTheWorkTreeAlone() throws Exception {
    try (GitTestRepo a = first()) {
      String head = a.git().getRepository().resolve("HEAD").name();
      new ExpRun(a.project()).call(opts("first"));
      RunRecord two = new ExpRun(a.project()).call(opts("second", "train.lr=0.2")).run();
      new ExpApply(a.project()).call("first");

      ExpBranch.Result r = new ExpBranch(a.project()).call("second", "exp/second");

      assertEquals(List.of("params.yaml", "mlctl.lock"), r.files());
      var repo = a.git().getRepository();
      assertEquals(r.commit(), repo.resolve("refs/heads/exp/second").name());
      assertEquals(head, repo.resolve("exp/second~1").name(), "on top of the run's commit");
      assertEquals(head, repo.resolve("HEAD").name(), "HEAD did not move");
      try (GitRepoFiles files = new GitRepoFiles(a.root())) {
        assertEquals("train:\n  lr: 0.2\n", files.at("exp/second", "params.yaml"));
        assertTrue(files.at("exp/second", "mlctl.lock").contains(two.outs().get("out")));
      }
      assertEquals("train:\n  lr: 0.1\n", Files.readString(a.root().resolve("params.yaml")), "the work tree is as it was");
      assertThrows(BadInputException.class, () -> new ExpBranch(a.project()).call("second", "exp/second"));
      assertThrows(BadInputException.class, () -> new ExpBranch(a.project()).call("second", "bad..name"));
      assertFalse(Files.exists(a.root().resolve(".git/refs/heads/bad..name")));
    }
  }

  /** Reads files at a revision through mlctl's own Git access. */
  private static final class GitRepoFiles implements AutoCloseable {
    private final io.mlctl.core.scm.GitRepo git;

    GitRepoFiles(Path root) {
      this.git = io.mlctl.core.scm.GitRepo.open(root).orElseThrow();
    }

    String at(String rev, String path) {
      return git.fileAt(rev, path).orElseThrow();
    }

    @Override
    public void close() {
      git.close();
    }
  }
}
