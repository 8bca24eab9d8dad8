package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.pipeline.ReproResult.Outcome;
import io.mlctl.core.pipeline.ReproResult.StageRun;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a repro reports for each stage and leaves behind: which stages ran (each appends its name
 * to events.log), the reasons, the messages of stages that failed or were held back, the lock
 * entries, the outputs' bytes, and the files it tells the user to commit.
 */
@org.junit.jupiter.api.Timeout(120)
class ReproOutcomesTest {
  @TempDir
  Path root;

  @BeforeEach
  void setUp() {
    new Init(root).noGit(true).call();
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private String read(String rel) throws IOException {
    return Files.readString(root.resolve(rel));
  }

  private List<String> events() throws IOException {
    Path p = root.resolve("events.log");
    return Files.exists(p) ? Files.readAllLines(p) : List.of();
  }

  private static Repro.Options options(List<String> targets, boolean force, boolean dry, boolean keepGoing,
      java.util.function.Consumer<String> output) {
    return new Repro.Options(targets, force, dry, false, 1, keepGoing, false, output);
  }

  private ReproResult repro(Repro.Options opts) {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      return new Repro(p).call(opts);
    }
  }

  private ReproResult repro() {
    return repro(Repro.Options.defaults());
  }

  private static StageRun run(ReproResult r, String name) {
    return r.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + r));
  }

  /** prep makes models/features.bin (cached) and report.txt (not cached); train reads the first. */
  private static final String PIPELINE = """
      stages:
        prep:
          cmd: echo prep >> events.log; cat in.txt > models/features.bin; echo report > report.txt
          deps: [in.txt]
          outs: [models/features.bin, {report.txt: {cache: false}}]
        train:
          cmd: echo train >> events.log; cat models/features.bin models/features.bin > model.bin
          deps: [models/features.bin]
          outs: [model.bin]
        idle:
          cmd: echo idle >> events.log; cat in.txt > idle.txt
          deps: [in.txt]
          outs: [idle.txt]
          frozen: true
      """;

  @Test
  void repro_makesTheFoldersOfItsOutputs_andNamesTheFilesToCommit() throws IOException {
    write("in.txt", "x");
    write("mlctl.yaml", PIPELINE);

    ReproResult r = repro();

    assertEquals(List.of("prep", "train"), events(), "a frozen stage never runs");
    assertEquals("xx", read("model.bin"));
    assertEquals(List.of("mlctl.lock", "models/.gitignore", ".gitignore"), r.toStage());
    assertEquals("/features.bin\n", read("models/.gitignore"));
    assertEquals("/model.bin\n", read(".gitignore"));
    assertEquals(new StageRun("idle", Outcome.SKIPPED_UP_TO_DATE, List.of("frozen"), -1, null), run(r, "idle"));
    assertEquals(new StageRun("prep", Outcome.RAN, List.of("never run"), 0, null), run(r, "prep"));
    assertEquals(List.of("prep", "train"), List.copyOf(new LockFile(root).read().keySet()));
    assertFalse(r.failed());

    ReproResult again = repro();
    assertEquals(List.of("prep", "train"), events());
    assertEquals(List.of(), again.toStage(), "nothing ran, nothing to commit");
    assertTrue(again.stages().stream().allMatch(s -> s.outcome() == Outcome.SKIPPED_UP_TO_DATE), again.toString());
  }

  @Test
  void repro_forced_runsEveryStageButTheFrozenOnes_neverFromTheRunCache() throws IOException {
    write("in.txt", "x");
    write("mlctl.yaml", PIPELINE);
    repro();

    ReproResult r = repro(options(List.of(), true, false, false, line -> { }));

    assertEquals(List.of("prep", "train", "prep", "train"), events());
    assertEquals(new StageRun("prep", Outcome.RAN, List.of("forced"), 0, null), run(r, "prep"));
    assertEquals(Outcome.RAN, run(r, "train").outcome());
    assertEquals(List.of("frozen"), run(r, "idle").reasons());
  }

  @Test
  void repro_dry_saysWhatWouldRunAndWhy_andRunsAndWritesNothing() throws IOException {
    write("in.txt", "x");
    write("mlctl.yaml", PIPELINE);
    repro();
    String lock = read("mlctl.lock");
    write("in.txt", "y");

    ReproResult r = repro(options(List.of(), false, true, false, line -> { }));

    assertEquals(List.of(new StageRun("prep", Outcome.NOT_RUN, List.of("changed deps: in.txt"), -1, "dry run"),
        new StageRun("train", Outcome.NOT_RUN, List.of("upstream stage prep would run"), -1, "dry run"),
        new StageRun("idle", Outcome.SKIPPED_UP_TO_DATE, List.of(), -1, null)), r.stages());
    assertEquals(List.of("prep", "train"), events());
    assertEquals(lock, read("mlctl.lock"));
    assertEquals("x", read("models/features.bin"));

    ReproResult forced = repro(options(List.of("train"), true, true, false, line -> { }));
    assertEquals(List.of(new StageRun("prep", Outcome.NOT_RUN, List.of("forced"), -1, "dry run"),
        new StageRun("train", Outcome.NOT_RUN, List.of("forced", "upstream stage prep would run"), -1, "dry run")),
        forced.stages());
    assertEquals(List.of("prep", "train"), events());
  }

  @Test
  void repro_whenACommandSucceedsWithoutItsOutput_failsTheStage_andHoldsBackWhatFollows() throws IOException {
    write("in.txt", "x");
    write("mlctl.yaml", """
        stages:
          make:
            cmd: echo make >> events.log
            deps: [in.txt]
            outs: [made.txt]
          use:
            cmd: echo use >> events.log; cp made.txt used.txt
            deps: [made.txt]
            outs: [used.txt]
          other:
            cmd: echo other >> events.log; echo o > other.txt
            outs: [other.txt]
        """);

    ReproResult r = repro();

    assertEquals(List.of("make"), events());
    assertEquals(new StageRun("make", Outcome.FAILED, List.of("never run"), -1,
        "stage 'make' did not produce its output 'made.txt'"), run(r, "make"));
    assertEquals(new StageRun("use", Outcome.NOT_RUN, List.of(), -1, "upstream stage make did not complete"), run(r, "use"));
    assertEquals(new StageRun("other", Outcome.NOT_RUN, List.of(), -1, "an earlier stage failed"), run(r, "other"));
    assertTrue(r.failed());
    assertEquals(List.of(), r.toStage());
    assertFalse(Files.exists(root.resolve("mlctl.lock")), "no stage completed");

    ReproResult going = repro(options(List.of(), false, false, true, line -> { }));
    assertEquals(List.of("make", "make", "other"), events());
    assertEquals(Outcome.RAN, run(going, "other").outcome());
    assertEquals(Outcome.NOT_RUN, run(going, "use").outcome());
    assertEquals(List.of("other"), List.copyOf(new LockFile(root).read().keySet()));
    assertEquals(List.of("mlctl.lock", ".gitignore"), going.toStage());
  }

  @Test
  void repro_removesAnOldOutputFolderWhole_beforeTheCommandRuns_unlessItPersists() throws IOException {
    write("out/old.txt", "old\n");
    write("kept/old.txt", "old\n");
    write("mlctl.yaml", """
        stages:
          fresh: {cmd: mkdir -p out && echo new > out/new.txt, outs: [out]}
          grow: {cmd: mkdir -p kept && echo new > kept/new.txt, outs: [{kept: {persist: true}}]}
        """);

    repro();

    try (var files = Files.list(root.resolve("out"))) {
      assertEquals(List.of("new.txt"), files.map(p -> p.getFileName().toString()).toList());
    }
    assertEquals("old\n", read("kept/old.txt"));
    assertEquals("new\n", read("kept/new.txt"));
    assertEquals(2, new LockFile(root).read().get("grow").outs().get(0).nfiles());
  }

  @Test
  void repro_tellsTheOutputEveryCommandAndLine_prefixedWithTheStage() throws IOException {
    write("mlctl.yaml", "stages:\n  talk: {cmd: [echo one, printf 'two\\nthree'], outs: [t.txt], always_changed: true}\n");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReproResult r = repro(options(List.of(), false, false, false, lines::add));

    assertEquals(List.of("talk: $ echo one", "talk: one", "talk: $ printf 'two\\nthree'", "talk: two", "talk: three"), lines);
    assertEquals(new StageRun("talk", Outcome.FAILED, List.of("never run"), -1,
        "stage 'talk' did not produce its output 't.txt'"), r.stages().get(0));
  }

  @Test
  void callLocked_tellsTheObserverAboutEachCommand_andGivesItsLogFileToTheCommandOnly() throws IOException {
    write("mlctl.yaml", """
        stages:
          ok: {cmd: 'printf "%s" "$MLCTL_LOG_FILE $MLCTL_RUN_ID" > ok.txt', outs: [ok.txt]}
          none: {cmd: "(env | grep -c '^MLCTL_LOG_FILE=' || true) > none.txt", deps: [ok.txt], outs: [none.txt]}
          bad: {cmd: exit 5, deps: [none.txt]}
        """);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    StageObserver observer = new StageObserver() {
      @Override
      public Path starting(Stage stage) {
        seen.add("starting " + stage.name());
        return stage.name().equals("none") ? null : root.resolve(stage.name() + ".jsonl");
      }

      @Override
      public void ended(Stage stage, Path logFile, boolean succeeded) {
        seen.add("ended " + stage.name() + " " + (logFile == null ? "-" : logFile.getFileName()) + " " + succeeded);
      }
    };

    ReproResult r;
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      r = new Repro(p).callLocked(Repro.Options.defaults(), "20240101T000000-abcdef", null, observer);
    }

    assertEquals(List.of("starting ok", "ended ok ok.jsonl true", "starting none", "ended none - true",
        "starting bad", "ended bad bad.jsonl false"), seen);
    assertEquals(root.resolve("ok.jsonl") + " 20240101T000000-abcdef", read("ok.txt"));
    assertEquals("0\n", read("none.txt"), "the variable the stage before had is gone");
    assertEquals(new StageRun("bad", Outcome.FAILED, List.of("never run"), 5, "stage 'bad' failed with exit status 5"),
        run(r, "bad"));
  }

  @Test
  void repro_restoredFromTheRunCache_namesTheLockToCommit_andRecordsTheRestoredOutputs() throws IOException {
    write("in.txt", "1");
    write("mlctl.yaml", "stages:\n  copy: {cmd: echo copy >> events.log; cp in.txt sub/out.txt, deps: [in.txt], outs: [sub/out.txt]}\n");
    repro();
    Map<String, LockEntry> first = new LockFile(root).read();
    write("in.txt", "2");
    repro();
    write("in.txt", "1");

    ReproResult r = repro();

    assertEquals(new StageRun("copy", Outcome.RESTORED_FROM_RUN_CACHE, List.of("changed deps: in.txt"), -1, null),
        r.stages().get(0));
    assertEquals(List.of("copy", "copy"), events());
    assertEquals(List.of("mlctl.lock", "sub/.gitignore"), r.toStage());
    assertEquals(first, new LockFile(root).read());
    assertEquals("1", read("sub/out.txt"));
  }

  @Test
  void repro_hashesAGitignoreThatAnEarlierStageUpdates_whenTheStageThatReadsItStarts() throws IOException {
    // No edge joins the two stages: the .gitignore beside a cached output is mlctl's doing, not make's.
    write("data/.gitignore", "/old.bin\n");
    write("mlctl.yaml", """
        stages:
          make: {cmd: echo make >> events.log; echo m > data/m.bin, outs: [data/m.bin]}
          list: {cmd: echo list >> events.log; cat data/.gitignore > ignored.txt, deps: [data/.gitignore], outs: [ignored.txt]}
        """);

    repro();

    assertEquals("/old.bin\n/m.bin\n", read("ignored.txt"));
    ReproResult again = repro();
    assertTrue(again.stages().stream().allMatch(s -> s.outcome() == Outcome.SKIPPED_UP_TO_DATE), again.toString());
    assertEquals(List.of("make", "list"), events());
  }

  @Test
  void selection_ofTargets_takesWhatTheyNeed_orWhatFollowsThem_inPipelineOrder() throws IOException {
    write("in.txt", "x");
    write("mlctl.yaml", PIPELINE);
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      Dag dag = new Dag(new PipelineFile(root).read(), root);
      List<String> up = new ArrayList<>();
      Repro.selection(dag, options(List.of("train"), false, false, false, l -> { })).forEach(s -> up.add(s.name()));
      assertEquals(List.of("prep", "train"), up);
      List<String> down = new ArrayList<>();
      Repro.selection(dag, new Repro.Options(List.of("prep"), false, false, true, 1, false, false, l -> { }))
          .forEach(s -> down.add(s.name()));
      assertEquals(List.of("prep", "train"), down);
      List<String> single = new ArrayList<>();
      Repro.selection(dag, new Repro.Options(List.of("train", "idle"), false, false, false, 1, false, false, l -> { }, true))
          .forEach(s -> single.add(s.name()));
      assertEquals(List.of("train", "idle"), single);
      assertEquals(3, Repro.selection(dag, Repro.Options.defaults()).size());
    }
  }
}
