package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.pipeline.ReproResult.Outcome;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.status.Status;
import io.mlctl.core.status.StatusResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "every stage is fresh" verdict a no-op repro or status answers from: it holds only while
 * the pipeline, the lock, the parameter files and every named path are unchanged.
 */
class FreshPipelineTest {
  @TempDir
  Path root;

  private static final FileTime OLD = FileTime.from(Instant.now().minusSeconds(3600));

  private Path verdict() {
    return root.resolve(".mlctl/state/" + FreshPipeline.FILE);
  }

  @BeforeEach
  void setUp() throws IOException {
    new Init(root).noGit(true).call();
    write("data/a.txt", "a\n");
    write("params.yaml", "train: {lr: 0.1}\n");
    write("other.yaml", "seed: 1\n");
    write("mlctl.yaml", """
        stages:
          prep:
            cmd: cat data/a.txt > prep.txt
            deps: [data]
            outs: [prep.txt]
          train:
            cmd: echo ${train.lr} > model.txt; cat prep.txt >> model.txt
            deps: [prep.txt]
            params: [train.lr, {other.yaml: [seed]}]
            outs: [model.txt]
          idle:
            cmd: echo idle > idle.txt
            frozen: true
            outs: [idle.txt]
        """);
    age();
    try (Project p = project()) {
      new Repro(p).call(Repro.Options.defaults());
    }
    age();
    assertEquals(Map.of(), stale());
    assertTrue(Files.exists(verdict()), "a full check that found everything fresh leaves a verdict");
  }

  private Project project() {
    return Project.open(root, Clock.systemUTC(), System.getenv());
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private void age() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(p -> !p.equals(root) && !p.startsWith(root.resolve(".mlctl"))).toList()) {
        Files.setLastModifiedTime(p, OLD);
      }
    }
  }

  /** The stale stages and their reasons, as status gives them. */
  private Map<String, List<String>> stale() {
    try (Project p = project()) {
      return new Status(p).call().stages().stream().filter(StatusResult.StageState::stale)
          .collect(Collectors.toMap(StatusResult.StageState::name, StatusResult.StageState::reasons));
    }
  }

  @Test
  void verdict_answersANoOpWithoutTheFullCheck() throws IOException {
    // The full check rewrites the path fingerprints; the verdict does not need them.
    Files.delete(root.resolve(".mlctl/state/pipeline-paths"));
    assertEquals(Map.of(), stale());
    assertFalse(Files.exists(root.resolve(".mlctl/state/pipeline-paths")));
    try (Project p = project()) {
      ReproResult r = new Repro(p).call(Repro.Options.defaults());
      assertEquals(List.of("prep", "train", "idle"), r.stages().stream().map(ReproResult.StageRun::name).toList());
      assertTrue(r.stages().stream().allMatch(s -> s.outcome() == Outcome.SKIPPED_UP_TO_DATE));
      assertEquals(List.of("frozen"), r.stages().get(2).reasons());
    }
    assertFalse(Files.exists(root.resolve(".mlctl/state/pipeline-paths")));
  }

  private Map<String, Outcome> repro(Repro.Options opts) {
    try (Project p = project()) {
      return new Repro(p).call(opts).stages().stream()
          .collect(Collectors.toMap(ReproResult.StageRun::name, ReproResult.StageRun::outcome));
    }
  }

  @Test
  void aForcedOrTargetedRepro_doesNotTakeTheVerdictsAnswerForEveryStage() throws IOException {
    assertTrue(Files.exists(verdict()));
    assertEquals(Map.of("prep", Outcome.RAN, "train", Outcome.RAN, "idle", Outcome.SKIPPED_UP_TO_DATE),
        repro(new Repro.Options(List.of(), true, false, false, 1, false, true, l -> { })));
    age();
    assertEquals(Map.of(), stale());
    assertTrue(Files.exists(verdict()));
    assertEquals(Map.of("prep", Outcome.SKIPPED_UP_TO_DATE),
        repro(new Repro.Options(List.of("prep"), false, false, false, 1, false, false, l -> { })));
  }

  @Test
  void aWholeReproThatRanNothing_leavesAVerdict_thatSeesAChangeOfAStagesOwnParameterFile() throws IOException {
    Files.delete(verdict());
    assertEquals(Map.of("prep", Outcome.SKIPPED_UP_TO_DATE, "train", Outcome.SKIPPED_UP_TO_DATE,
        "idle", Outcome.SKIPPED_UP_TO_DATE), repro());
    assertTrue(Files.exists(verdict()), "a repro that found every stage fresh leaves a verdict");
    write("other.yaml", "seed: 2\n");
    assertEquals(Outcome.RAN, repro().get("train"));
  }

  @Test
  void changedPipeline_isSeen() throws IOException {
    write("mlctl.yaml", Files.readString(root.resolve("mlctl.yaml")).replace("cat data/a.txt > prep.txt",
        "cat data/a.txt data/a.txt > prep.txt"));
    assertEquals(Map.of("prep", List.of("changed command")), stale());
  }

  @Test
  void changedParams_areSeen_inParamsYamlAndInANamedFile() throws IOException {
    write("params.yaml", "train: {lr: 0.2}\n");
    assertEquals(List.of("changed command", "changed params: params.yaml: train.lr"), stale().get("train"));
    write("params.yaml", "train: {lr: 0.1}\n");
    write("other.yaml", "seed: 2\n");
    assertEquals(Map.of("train", List.of("changed params: other.yaml: seed")), stale());
  }

  @Test
  void changedLock_isSeen() throws IOException {
    try (Project p = project()) {
      LockFile lock = new LockFile(p.root());
      Map<String, LockEntry> entries = lock.read();
      entries.remove("train");
      lock.write(entries);
    }
    assertEquals(Map.of("train", List.of("never run")), stale());
  }

  @Test
  void changedDependencyFolder_isSeen() throws IOException {
    write("data/b.txt", "b\n");
    Files.setLastModifiedTime(root.resolve("data/b.txt"), OLD);
    assertEquals(Map.of("prep", List.of("changed deps: data")), stale());
  }

  @Test
  void changedOrDeletedOutput_isSeen() throws IOException {
    write("model.txt", "other\n");
    assertEquals(Map.of("train", List.of("changed outs: model.txt")), stale());
    Files.delete(root.resolve("model.txt"));
    assertEquals(Map.of("train", List.of("deleted outs: model.txt")), stale());
  }

  @Test
  void repro_afterAChange_runsWhatChanged_andANewVerdictFollows() throws IOException {
    write("other.yaml", "seed: 3\n");
    try (Project p = project()) {
      ReproResult r = new Repro(p).call(Repro.Options.defaults());
      assertEquals(Outcome.RAN, r.stages().get(1).outcome());
    }
    age();
    assertEquals(Map.of(), stale());
    assertTrue(Files.exists(verdict()));
    write("data/a.txt", "A\n");
    try (Project p = project()) {
      ReproResult r = new Repro(p).call(Repro.Options.defaults());
      assertEquals(List.of(Outcome.RAN, Outcome.RAN, Outcome.SKIPPED_UP_TO_DATE),
          r.stages().stream().map(ReproResult.StageRun::outcome).toList());
    }
    assertEquals("0.1\nA\n", Files.readString(root.resolve("model.txt")));
  }

  @Test
  void damagedVerdict_isIgnored() throws IOException {
    String text = Files.readString(verdict());
    Files.writeString(verdict(), text.substring(0, text.length() / 2));
    write("data/a.txt", "changed\n");
    assertEquals(Map.of("prep", List.of("changed deps: data")), stale());
    Files.writeString(verdict(), "something else entirely\n");
    assertEquals(Map.of("prep", List.of("changed deps: data")), stale());
  }

  @Test
  void recentlyWrittenFiles_leaveNoVerdict() throws IOException {
    Files.delete(verdict());
    write("data/a.txt", "a\n");
    // Same bytes, so still fresh, but written just now: its timestamp cannot be trusted yet.
    assertEquals(Map.of(), stale());
    assertFalse(Files.exists(verdict()));
  }

  private Map<String, Outcome> repro() {
    try (Project p = project()) {
      return new Repro(p).call(Repro.Options.defaults()).stages().stream()
          .collect(Collectors.toMap(ReproResult.StageRun::name, ReproResult.StageRun::outcome));
    }
  }

  @Test
  void prefetchedVerdict_isUsed_whenNoWriterTookTheLockSinceItStarted() throws IOException {
    FreshPipeline.prefetch(root.resolve("data"));
    assertTrue(FreshPipeline.awaitPrefetch().isPresent());
    // A change after the prefetched check, made without the lock, is as if it came after the
    // repro: it is not seen now, and is the next time.
    write("data/a.txt", "changed\n");
    assertEquals(Outcome.SKIPPED_UP_TO_DATE, repro().get("prep"));
    assertEquals(Outcome.RAN, repro().get("prep"));
  }

  @Test
  void prefetchedVerdict_isDropped_whenAWriterTookTheLockMeanwhile() throws IOException {
    FreshPipeline.prefetch(root);
    assertTrue(FreshPipeline.awaitPrefetch().isPresent());
    try (Project p = project(); io.mlctl.core.repo.RepoLock lock = p.lock()) {
      write("data/a.txt", "changed by a writer\n");
    }
    assertEquals(Outcome.RAN, repro().get("prep"));
  }

  @Test
  void prefetchedVerdict_discarded_orOfAnotherProject_isNotUsed(@TempDir Path other) throws IOException {
    FreshPipeline.prefetch(root);
    assertTrue(FreshPipeline.awaitPrefetch().isPresent());
    FreshPipeline.discardPrefetch();
    write("data/a.txt", "changed\n");
    assertEquals(Outcome.RAN, repro().get("prep"));

    age();
    assertEquals(Map.of(), stale());
    new Init(other).noGit(true).call();
    FreshPipeline.prefetch(other);
    FreshPipeline.awaitPrefetch();
    write("data/a.txt", "changed again\n");
    assertEquals(Outcome.RAN, repro().get("prep"));
  }

  @Test
  void lockStamp_changesWithEveryWriter_andIsNotReadWhileThisJvmHoldsTheLock() throws IOException {
    Path lockFile = root.resolve(".mlctl/tmp/lock");
    String before = io.mlctl.core.repo.RepoLock.stamp(lockFile).orElseThrow();
    try (Project p = project(); io.mlctl.core.repo.RepoLock lock = p.lock()) {
      assertEquals(before, lock.previousStamp());
      assertEquals(java.util.Optional.empty(), io.mlctl.core.repo.RepoLock.stamp(lockFile));
    }
    String after = io.mlctl.core.repo.RepoLock.stamp(lockFile).orElseThrow();
    assertFalse(after.equals(before) && !before.equals("absent"), before + " / " + after);
    try (Project p = project(); io.mlctl.core.repo.RepoLock lock = p.lock()) {
      assertEquals(after, lock.previousStamp());
    }
  }
}
