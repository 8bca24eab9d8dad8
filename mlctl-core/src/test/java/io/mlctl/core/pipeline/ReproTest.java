package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.pipeline.ReproResult.Outcome;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.status.Status;
import io.mlctl.core.status.StatusResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real stages with {@code sh}: staleness, early cut-off, failures, parallelism, the run cache. */
@org.junit.jupiter.api.Timeout(120)
class ReproTest {
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

  private ReproResult repro(Repro.Options opts) {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      return new Repro(p).call(opts);
    }
  }

  private ReproResult repro() {
    return repro(Repro.Options.defaults());
  }

  private static Map<String, Outcome> outcomes(ReproResult r) {
    return r.stages().stream().collect(Collectors.toMap(ReproResult.StageRun::name, ReproResult.StageRun::outcome));
  }

  private List<StatusResult.StageState> status() {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      return new Status(p).call().stages();
    }
  }

  private static final String TWO_STAGES = """
      stages:
        first:
          cmd: head -c 1 in.txt > a.txt
          deps: [in.txt]
          outs: [a.txt]
        second:
          cmd: [cat a.txt a.txt > b.txt, echo ran >> runs.log]
          deps: [a.txt]
          outs: [b.txt]
      """;

  @Test
  void repro_runsStagesInOrder_thenSkipsThem() throws IOException {
    write("in.txt", "xy");
    write("mlctl.yaml", TWO_STAGES);
    ReproResult r = repro();
    assertEquals(List.of("first", "second"), r.stages().stream().map(ReproResult.StageRun::name).toList());
    assertEquals(Map.of("first", Outcome.RAN, "second", Outcome.RAN), outcomes(r));
    assertEquals("xx", Files.readString(root.resolve("b.txt")));
    String lock = Files.readString(root.resolve("mlctl.lock"));
    assertTrue(lock.startsWith("schema: 1\nstages:\n  first:\n    cmd: head -c 1 in.txt > a.txt\n    deps:\n    - path: in.txt\n"), lock);
    // The output went to the cache like add: the object is named by the file's hash.
    String aHash = new LockFile(root).read().get("first").outs().get(0).sha256();
    assertTrue(Files.exists(root.resolve(".mlctl/cache/sha256/" + aHash.substring(0, 2) + "/" + aHash.substring(2))));
    assertTrue(Files.readString(root.resolve(".mlctl/logs/first.log")).contains("$ head -c 1 in.txt > a.txt"));

    assertEquals(Map.of("first", Outcome.SKIPPED_UP_TO_DATE, "second", Outcome.SKIPPED_UP_TO_DATE), outcomes(repro()));
    assertTrue(status().stream().noneMatch(StatusResult.StageState::stale));
  }

  @Test
  void repro_whenRerunGivesIdenticalOutput_leavesDownstreamFresh() throws IOException {
    write("in.txt", "xy");
    write("mlctl.yaml", TWO_STAGES);
    repro();
    write("in.txt", "xz");
    assertEquals(List.of("changed deps: in.txt"), status().get(0).reasons());
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 1, false, true, l -> { }));
    assertEquals(Map.of("first", Outcome.RAN, "second", Outcome.SKIPPED_UP_TO_DATE), outcomes(r));
    assertEquals("ran\n", Files.readString(root.resolve("runs.log")));
  }

  @Test
  void repro_hashesADependencyInsideAnUpstreamOutputOnlyAfterThatStageRan() throws IOException {
    // Dependencies are hashed ahead while earlier stages run, but never one an unfinished stage writes.
    write("in.txt", "one");
    write("side.txt", "s");
    write("mlctl.yaml", """
        stages:
          first: {cmd: mkdir -p data && cp in.txt data/a.txt, deps: [in.txt], outs: [data/a.txt]}
          other: {cmd: cp side.txt other.txt, deps: [side.txt], outs: [other.txt]}
          second: {cmd: cat data/a.txt > b.txt, deps: [data], outs: [b.txt]}
          third: {cmd: cat b.txt > c.txt, deps: [b.txt], outs: [c.txt]}
        """);
    for (int jobs : new int[] {1, 2}) {
      write("in.txt", "run with -j " + jobs);
      ReproResult r = repro(new Repro.Options(List.of(), false, false, false, jobs, false, true, l -> { }));
      if (jobs == 1) {
        assertEquals(Map.of("first", Outcome.RAN, "other", Outcome.RAN, "second", Outcome.RAN, "third", Outcome.RAN), outcomes(r));
      } else {
        assertEquals(Map.of("first", Outcome.RAN, "other", Outcome.SKIPPED_UP_TO_DATE, "second", Outcome.RAN,
            "third", Outcome.RAN), outcomes(r));
      }
      assertEquals("run with -j " + jobs, Files.readString(root.resolve("c.txt")));
      // The lock recorded the folder as second saw it after first ran, so nothing is stale.
      assertTrue(status().stream().noneMatch(StatusResult.StageState::stale), status().toString());
    }
  }

  @Test
  void repro_replacesAStagesLogWhole_whateverTheOldOneHeld() throws IOException {
    write("big.txt", "line of an earlier, longer log\n".repeat(8000));
    write("mlctl.yaml", "stages:\n  talk: {cmd: [cat big.txt, echo second], always_changed: true}\n");
    repro();
    Path log = root.resolve(".mlctl/logs/talk.log");
    assertEquals("$ cat big.txt\n" + Files.readString(root.resolve("big.txt")) + "$ echo second\nsecond\n", Files.readString(log));
    write("mlctl.yaml", "stages:\n  talk: {cmd: [echo short, exit 3], always_changed: true}\n");
    repro();
    assertEquals("$ echo short\nshort\n$ exit 3\nexit status 3\n", Files.readString(log));
  }

  @Test
  void status_whenParamChanged_namesFileAndKey() throws IOException {
    write("params.yaml", "train: {lr: 0.1, epochs: 3}\n");
    write("mlctl.yaml", """
        stages:
          train:
            cmd: echo ${train.lr} > model.txt
            params: [train.lr]
            outs: [model.txt]
        """);
    repro();
    assertEquals("0.1\n", Files.readString(root.resolve("model.txt")));
    write("params.yaml", "train: {lr: 0.2, epochs: 3}\n");
    List<StatusResult.StageState> st = status();
    assertEquals(List.of(new StatusResult.StageState("train", true,
        List.of("changed command", "changed params: params.yaml: train.lr"))), st);
  }

  @Test
  void repro_whenCommandFails_stopsDownstreamAndKeepsOldLockEntry() throws IOException {
    write("in.txt", "xy");
    write("mlctl.yaml", TWO_STAGES);
    repro();
    String before = Files.readString(root.resolve("mlctl.lock"));
    write("mlctl.yaml", TWO_STAGES.replace("head -c 1 in.txt > a.txt", "echo broken; exit 7"));
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 1, false, false, lines::add));
    assertTrue(r.failed());
    ReproResult.StageRun first = r.stages().get(0);
    assertEquals(Outcome.FAILED, first.outcome());
    assertEquals(7, first.exitStatus());
    assertEquals("stage 'first' failed with exit status 7", first.message());
    assertEquals(Outcome.NOT_RUN, r.stages().get(1).outcome());
    assertTrue(lines.contains("first: broken"), lines.toString());
    assertEquals(before, Files.readString(root.resolve("mlctl.lock")));
  }

  @Test
  void repro_withKeepGoing_runsIndependentBranches() throws IOException {
    write("mlctl.yaml", """
        stages:
          bad: {cmd: exit 1, outs: [x.txt]}
          after: {cmd: cp x.txt y.txt, deps: [x.txt], outs: [y.txt]}
          good: {cmd: echo ok > g.txt, outs: [g.txt]}
        """);
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 1, true, false, l -> { }));
    assertEquals(Map.of("bad", Outcome.FAILED, "after", Outcome.NOT_RUN, "good", Outcome.RAN), outcomes(r));
  }

  /**
   * Stages that prove what ran together by events, not by the clock: each appends "NAME start"
   * and "NAME end" to events.log (appends of a line are atomic), and a and b each wait for the
   * other's start before they end, so they can only both succeed when they overlap. c reads a's
   * output. The wait gives up after 30 s only so that a scheduler that runs a and b one after
   * the other fails instead of hanging.
   */
  static final String OVERLAPPING_STAGES = """
      stages:
        a:
          cmd: echo 'a start' >> events.log && sh await.sh 'b start' && echo a > a.txt && echo 'a end' >> events.log
          outs: [a.txt]
        b:
          cmd: echo 'b start' >> events.log && sh await.sh 'a start' && echo b > b.txt && echo 'b end' >> events.log
          outs: [b.txt]
        c:
          cmd: echo 'c start' >> events.log && cp a.txt c.txt && echo 'c end' >> events.log
          deps: [a.txt]
          outs: [c.txt]
      """;

  static final String AWAIT = "n=0; until grep -qx \"$1\" events.log; do n=$((n+1)); [ $n -lt 600 ] || exit 7; sleep 0.05; done\n";

  /** The events in the order they were appended. */
  private List<String> events() throws IOException {
    return Files.readAllLines(root.resolve("events.log"));
  }

  private static int at(List<String> events, String event) {
    int i = events.indexOf(event);
    assertTrue(i >= 0, "no '" + event + "' in " + events);
    return i;
  }

  @Test
  void repro_withJobs_runsIndependentStagesTogether_andADownstreamStageOnlyAfterItsUpstream() throws IOException {
    write("mlctl.yaml", OVERLAPPING_STAGES);
    write("await.sh", AWAIT);
    // Three jobs: a slot is free while a and b run, so only the dependency holds c back.
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 3, false, false, l -> { }));
    assertEquals(Map.of("a", Outcome.RAN, "b", Outcome.RAN, "c", Outcome.RAN), outcomes(r));
    List<String> ev = events();
    assertEquals(6, ev.size(), ev.toString());
    assertTrue(at(ev, "a start") < at(ev, "b end") && at(ev, "b start") < at(ev, "a end"), "a and b did not overlap: " + ev);
    assertTrue(at(ev, "a end") < at(ev, "c start"), "c started before a, whose output it reads, ended: " + ev);
    assertEquals(java.util.Set.of("a", "b", "c"), new LockFile(root).read().keySet());
  }

  @Test
  void repro_withOneJob_runsOneStageAtATime() throws IOException {
    write("mlctl.yaml", """
        stages:
          a: {cmd: echo 'a start' >> events.log && echo a > a.txt && echo 'a end' >> events.log, outs: [a.txt]}
          b: {cmd: echo 'b start' >> events.log && echo b > b.txt && echo 'b end' >> events.log, outs: [b.txt]}
          c: {cmd: echo 'c start' >> events.log && echo c > c.txt && echo 'c end' >> events.log, outs: [c.txt]}
        """);
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 1, false, false, l -> { }));
    assertEquals(Map.of("a", Outcome.RAN, "b", Outcome.RAN, "c", Outcome.RAN), outcomes(r));
    List<String> ev = events();
    for (int i = 0; i < ev.size(); i += 2) {
      String stage = ev.get(i).substring(0, 1);
      assertEquals(List.of(stage + " start", stage + " end"), ev.subList(i, i + 2), "stages interleaved with -j 1: " + ev);
    }
  }

  @Test
  void repro_whenRunSeenBefore_restoresFromRunCache() throws IOException {
    write("in.txt", "xy");
    write("mlctl.yaml", """
        stages:
          copy:
            cmd: [cp in.txt out.txt, echo ran >> runs.log]
            deps: [in.txt]
            outs: [out.txt]
        """);
    repro();
    write("in.txt", "zz");
    repro();
    write("in.txt", "xy");
    ReproResult r = repro();
    assertEquals(Outcome.RESTORED_FROM_RUN_CACHE, r.stages().get(0).outcome());
    assertEquals("xy", Files.readString(root.resolve("out.txt")));
    assertEquals("ran\nran\n", Files.readString(root.resolve("runs.log")));
    assertTrue(status().stream().noneMatch(StatusResult.StageState::stale));

    write("in.txt", "zz");
    r = repro(new Repro.Options(List.of(), false, false, false, 1, false, true, l -> { }));
    assertEquals(Outcome.RAN, r.stages().get(0).outcome());
  }

  @Test
  void repro_stopsAStagesCommandsAtTheFirstThatFails() throws IOException {
    write("mlctl.yaml", "stages:\n  steps: {cmd: [echo one >> did.txt, exit 4, echo three >> did.txt]}\n");
    ReproResult r = repro();
    assertEquals(Outcome.FAILED, r.stages().get(0).outcome());
    assertEquals(4, r.stages().get(0).exitStatus());
    assertEquals("one\n", Files.readString(root.resolve("did.txt")));
    assertEquals("$ echo one >> did.txt\n$ exit 4\nexit status 4\n",
        Files.readString(root.resolve(".mlctl/logs/steps.log")));
  }

  @Test
  void repro_removesOutputsUnlessPersist() throws IOException {
    write("mlctl.yaml", """
        stages:
          grow:
            cmd: echo x >> kept.txt && echo x >> fresh.txt
            always_changed: true
            outs: [{kept.txt: {persist: true, cache: false}}, fresh.txt]
        """);
    repro();
    repro();
    assertEquals("x\nx\n", Files.readString(root.resolve("kept.txt")));
    assertEquals("x\n", Files.readString(root.resolve("fresh.txt")));
  }

  @Test
  void repro_seesItsEnvironment() throws IOException {
    write("mlctl.yaml", """
        stages:
          env:
            cmd: echo "$MLCTL_STAGE $MLCTL_ROOT" > env.txt && test -n "$MLCTL_RUN_ID"
            outs: [env.txt]
        """);
    assertEquals(Outcome.RAN, repro().stages().get(0).outcome());
    assertEquals("env " + root + "\n", Files.readString(root.resolve("env.txt")));
  }

  @Test
  void repro_givesEachStageItsOwnNameAndTheRunsId_inWdir() throws IOException {
    // The stages of one thread start from one reused process builder: nothing may carry over.
    write("sub/keep.txt", "");
    write("mlctl.yaml", """
        stages:
          one: {cmd: echo "$MLCTL_STAGE $MLCTL_RUN_ID $(pwd)" > one.txt, outs: [one.txt]}
          two: {cmd: echo "$MLCTL_STAGE $MLCTL_RUN_ID $(pwd)" > two.txt, outs: [two.txt], wdir: sub}
          three: {cmd: [echo "$MLCTL_STAGE" > three.txt, echo "$MLCTL_STAGE $(pwd)" >> three.txt], outs: [three.txt]}
        """);
    for (int jobs : new int[] {1, 2}) {
      ReproResult r = repro(new Repro.Options(List.of(), true, false, false, jobs, false, true, l -> { }));
      assertTrue(r.stages().stream().allMatch(s -> s.outcome() == Outcome.RAN), r.toString());
      String[] one = Files.readString(root.resolve("one.txt")).trim().split(" ");
      String[] two = Files.readString(root.resolve("sub/two.txt")).trim().split(" ");
      assertEquals("one", one[0]);
      assertEquals("two", two[0]);
      assertEquals(one[1], two[1], "one run, one id");
      assertEquals(root.toRealPath().toString(), Path.of(one[2]).toRealPath().toString());
      assertEquals(root.resolve("sub").toRealPath().toString(), Path.of(two[2]).toRealPath().toString());
      assertEquals("three\nthree " + one[2] + "\n", Files.readString(root.resolve("three.txt")));
    }
  }

  @Test
  void repro_dry_runsNothing() throws IOException {
    write("in.txt", "xy");
    write("mlctl.yaml", TWO_STAGES);
    ReproResult r = repro(new Repro.Options(List.of("second"), false, true, false, 1, false, false, l -> { }));
    assertEquals(List.of("never run"), r.stages().get(0).reasons());
    assertEquals(Outcome.NOT_RUN, r.stages().get(1).outcome());
    assertTrue(Files.notExists(root.resolve("a.txt")));
  }

  @Test
  void repro_putsTheRunningMlctlFirstOnPath() throws IOException {
    Path home = root.resolve("home");
    write("home/bin/mlctl", "#!/bin/sh\necho this-mlctl\n");
    Files.setPosixFilePermissions(home.resolve("bin/mlctl"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    write("mlctl.yaml", "stages:\n  which: {cmd: mlctl > which.txt, outs: [which.txt]}\n");
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("MLCTL_HOME", home.toString());
    try (Project p = Project.open(root, Clock.systemUTC(), env)) {
      assertEquals(Outcome.RAN, new Repro(p).call(Repro.Options.defaults()).stages().get(0).outcome());
    }
    assertEquals("this-mlctl\n", Files.readString(root.resolve("which.txt")));
    assertEquals("/which.txt\n", Files.readString(root.resolve(".gitignore")));
  }

  @Test
  void repro_ofATarget_runsItAndWhatItNeeds_andDownstreamRunsWhatFollows() throws IOException {
    write("in.txt", "xy");
    write("mlctl.yaml", TWO_STAGES + """
          other:
            cmd: echo o > o.txt
            outs: [o.txt]
        """);
    ReproResult r = repro(new Repro.Options(List.of("second"), false, false, false, 1, false, false, l -> { }));
    assertEquals(Map.of("first", Outcome.RAN, "second", Outcome.RAN), outcomes(r));
    r = repro(new Repro.Options(List.of("first"), true, false, true, 1, false, false, l -> { }));
    assertEquals(Map.of("first", Outcome.RAN, "second", Outcome.RAN), outcomes(r));
  }

  @Test
  void repro_singleItem_runsOnlyTheNamedStage_notWhatItDependsOn() throws IOException {
    write("in.txt", "xy");
    write("mlctl.yaml", TWO_STAGES);
    repro();
    write("in.txt", "zw");
    write("a.txt", "q");

    ReproResult r = repro(new Repro.Options(List.of("second"), false, false, false, 1, false, false, l -> { }, true));

    // first is stale (in.txt changed) but is not run; second runs on the a.txt it finds.
    assertEquals(Map.of("second", Outcome.RAN), outcomes(r));
    assertEquals("q", Files.readString(root.resolve("a.txt")));
    assertEquals("qq", Files.readString(root.resolve("b.txt")));
  }

  @Test
  void repro_singleItemWithDownstream_isABadArgument() {
    org.junit.jupiter.api.Assertions.assertThrows(io.mlctl.core.BadArgumentException.class,
        () -> new Repro.Options(List.of("second"), false, false, true, 1, false, false, l -> { }, true));
  }

  @Test
  void repro_ofAForeachName_runsEveryItem() throws IOException {
    write("mlctl.yaml", """
        stages:
          make:
            foreach: [a, b]
            do:
              cmd: echo ${item} > ${item}.txt
              outs: ['${item}.txt']
          other: {cmd: 'true'}
        """);
    ReproResult r = repro(new Repro.Options(List.of("make"), false, false, false, 2, false, false, l -> { }));
    assertEquals(Map.of("make@a", Outcome.RAN, "make@b", Outcome.RAN), outcomes(r));
    assertEquals("b\n", Files.readString(root.resolve("b.txt")));
  }

  @Test
  void repro_runsTheCommandInWdir() throws IOException {
    write("sub/in.txt", "w");
    write("mlctl.yaml", "stages:\n  copy: {cmd: cp in.txt ../out.txt, wdir: sub, deps: [in.txt], outs: [../out.txt]}\n");
    assertEquals(Outcome.RAN, repro().stages().get(0).outcome());
    assertEquals("w", Files.readString(root.resolve("out.txt")));
    assertEquals("sub/in.txt", new LockFile(root).read().get("copy").deps().get(0).path());
  }

  @Test
  void repro_withDirectoryOutput_recordsManifest_linksDependencyInside_andRestoresFromRunCache() throws IOException {
    write("in.txt", "1");
    write("mlctl.yaml", """
        stages:
          make:
            cmd: mkdir -p d/sub && cp in.txt d/a && echo 2 > d/sub/b
            deps: [in.txt]
            outs: [d]
          use:
            cmd: cp d/sub/b used.txt
            deps: [d/sub/b]
            outs: [used.txt]
        """);
    assertEquals(Map.of("make", Outcome.RAN, "use", Outcome.RAN), outcomes(repro()));
    var out = new LockFile(root).read().get("make").outs().get(0);
    assertTrue(out.dir());
    assertEquals(2, out.nfiles());
    assertTrue(Files.exists(root.resolve(".mlctl/cache/sha256/" + out.sha256().substring(0, 2) + "/" + out.sha256().substring(2))));
    assertTrue(Files.readString(root.resolve("mlctl.lock")).contains("      kind: dir\n      nfiles: 2\n"));

    write("in.txt", "3");
    assertEquals(Map.of("make", Outcome.RAN, "use", Outcome.SKIPPED_UP_TO_DATE), outcomes(repro()));
    write("in.txt", "1");
    assertEquals(Map.of("make", Outcome.RESTORED_FROM_RUN_CACHE, "use", Outcome.SKIPPED_UP_TO_DATE), outcomes(repro()));
    assertEquals("1", Files.readString(root.resolve("d/a")));
    assertEquals("2\n", Files.readString(root.resolve("d/sub/b")));
  }

  /** Waits a little for a process to go, and says whether it is gone. */
  private static boolean gone(long pid) throws InterruptedException {
    for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(20);
    }
    return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static final String SLOW_STAGE = """
        slow:
          cmd: echo $$ > slow.pid; sleep 30 & echo $! > child.pid; wait; echo finished > slow.txt
          outs: [slow.txt]
      """;

  @Test
  void repro_withJobs_whenAStageFails_stopsTheRunningStagesAndTheirChildren() throws Exception {
    write("mlctl.yaml", "stages:\n" + SLOW_STAGE + """
          bad:
            cmd: while [ ! -s child.pid ]; do sleep 0.05; done; exit 3
            outs: [bad.txt]
        """);
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 2, false, false, l -> { }));
    Map<String, ReproResult.StageRun> byName = r.stages().stream()
        .collect(Collectors.toMap(ReproResult.StageRun::name, s -> s));
    assertEquals("stage 'bad' failed with exit status 3", byName.get("bad").message());
    assertEquals(Outcome.FAILED, byName.get("slow").outcome());
    assertTrue(byName.get("slow").message().startsWith("stage 'slow' was stopped (exit status "), byName.get("slow").message());
    assertTrue(byName.get("slow").message().endsWith("because stage 'bad' failed"), byName.get("slow").message());
    assertTrue(gone(Long.parseLong(Files.readString(root.resolve("slow.pid")).trim())));
    assertTrue(gone(Long.parseLong(Files.readString(root.resolve("child.pid")).trim())), "the stage's child was stopped too");
    assertTrue(Files.notExists(root.resolve("slow.txt")));
    assertTrue(Files.notExists(root.resolve("mlctl.lock")), "no stage completed, so no entry was written");
  }

  /** Whether a process has ended: gone, or a zombie that nobody reaped (an orphan's, under some init). */
  static boolean ended(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException gone) {
      return true;
    }
  }

  @Test
  void repro_withJobs_whenAStageFails_stopsWhatTheRunningStagesLeftBehindAnExitedShell() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(StageGuard.supported(), "no /proc here");
    // The inner shell exits at once: its child is then nobody's descendant but still the stage's.
    write("mlctl.yaml", """
        stages:
          orphans:
            cmd: sh -c '(sleep 30; echo late > late.txt) & echo $! > orphan.pid'; touch started; sleep 30
            outs: [orphans.txt]
          bad:
            cmd: while [ ! -e started ]; do sleep 0.05; done; exit 3
            outs: [bad.txt]
        """);
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 2, false, false, l -> { }));
    assertEquals(Outcome.FAILED, outcomes(r).get("orphans"));

    long orphan = Long.parseLong(Files.readString(root.resolve("orphan.pid")).trim());
    // Left alone, the orphan would live 30 s and then write: ended well before, it was stopped.
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!ended(orphan) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(ended(orphan), "the orphaned child of the stopped stage still runs");
    assertTrue(Files.notExists(root.resolve("late.txt")), "the stopped stage wrote after it was stopped");
  }

  @Test
  void repro_endsItsWatchdogBeforeItReturns() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(StageGuard.supported(), "no /proc here");
    write("mlctl.yaml", "stages:\n  tagged: {cmd: 'printf %s \"$MLCTL_STAGE_TAG\" > tag.txt', outs: [tag.txt]}\n");

    assertEquals(Outcome.RAN, repro().stages().get(0).outcome());

    // The stage ran watched, and the watchdog is gone: one left running costs the JVM 0.3 s at exit.
    assertTrue(Files.readString(root.resolve("tag.txt")).matches("(.* )?[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"),
        Files.readString(root.resolve("tag.txt")));
    List<String> watchdogs = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .map(h -> String.join(" ", h.info().arguments().orElse(new String[0])))
        .filter(a -> a.contains(StageGuard.VARIABLE)).toList();
    assertEquals(List.of(), watchdogs);
  }

  @Test
  void repro_keepsWhatAStageThatEndedByItselfLeftInTheBackground_andItsStatus() throws Exception {
    write("mlctl.yaml", """
        stages:
          background:
            cmd: (sleep 0.3; echo later > later.txt) > /dev/null 2>&1 & echo out; echo err >&2; echo made > bg.txt
            outs: [bg.txt]
          exits:
            cmd: exit 7
            deps: [bg.txt]
            outs: [never.txt]
        """);
    List<String> lines = new java.util.ArrayList<>();
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 1, false, false, lines::add));

    assertEquals(Map.of("background", Outcome.RAN, "exits", Outcome.FAILED), outcomes(r));
    assertEquals("stage 'exits' failed with exit status 7", r.stages().get(1).message());
    assertTrue(lines.containsAll(List.of("background: out", "background: err")), lines.toString());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (Files.notExists(root.resolve("later.txt")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals("later\n", Files.readString(root.resolve("later.txt")));
  }

  @Test
  void repro_withJobs_whenAStageHitsAnIoError_stopsTheRunningStagesAndReportsTheError() throws Exception {
    // A dangling symlink as output: hashing it fails with an I/O error, not a command failure.
    write("mlctl.yaml", "stages:\n" + SLOW_STAGE + """
          broken:
            cmd: while [ ! -s child.pid ]; do sleep 0.05; done; ln -s missing broken.txt
            outs: [broken.txt]
        """);
    io.mlctl.core.StorageException e = org.junit.jupiter.api.Assertions.assertThrows(io.mlctl.core.StorageException.class,
        () -> repro(new Repro.Options(List.of(), false, false, false, 2, false, false, l -> { })));
    assertTrue(e.getMessage().contains("broken.txt"), e.getMessage());
    assertTrue(gone(Long.parseLong(Files.readString(root.resolve("slow.pid")).trim())));
    assertTrue(gone(Long.parseLong(Files.readString(root.resolve("child.pid")).trim())), "the stage's child was stopped too");
    assertTrue(Files.notExists(root.resolve("slow.txt")));
  }

  @Test
  void repro_withKeepGoing_letsTheRunningStagesFinish() throws IOException {
    write("mlctl.yaml", """
        stages:
          slow:
            cmd: sleep 0.5; echo done > slow.txt
            outs: [slow.txt]
          bad:
            cmd: exit 4
            outs: [bad.txt]
        """);
    ReproResult r = repro(new Repro.Options(List.of(), false, false, false, 2, true, false, l -> { }));
    assertEquals(Map.of("slow", Outcome.RAN, "bad", Outcome.FAILED), outcomes(r));
    assertEquals("done\n", Files.readString(root.resolve("slow.txt")));
  }

  @Test
  void runCache_onlyRemembersStagesWithDepsAndOutsThatAreNotPersistent() throws IOException {
    write("in.txt", "x");
    write("mlctl.yaml", """
        stages:
          noDeps: {cmd: echo ran >> a.log; echo a > a.txt, outs: [a.txt]}
          noOuts: {cmd: echo ran >> b.log, deps: [in.txt]}
          persistent: {cmd: echo ran >> c.log; echo c >> c.txt, deps: [in.txt], outs: [{c.txt: {persist: true}}]}
          normal: {cmd: echo ran >> d.log; cp in.txt d.txt, deps: [in.txt], outs: [d.txt]}
        """);
    repro();
    Files.delete(root.resolve("mlctl.lock"));
    ReproResult r = repro();
    assertEquals(Map.of("noDeps", Outcome.RAN, "noOuts", Outcome.RAN, "persistent", Outcome.RAN,
        "normal", Outcome.RESTORED_FROM_RUN_CACHE), outcomes(r));
    assertEquals("ran\nran\n", Files.readString(root.resolve("b.log")));
    assertEquals("ran\n", Files.readString(root.resolve("d.log")));
  }

  @Test
  void runIds_sortByTime() {
    java.time.Clock at = java.time.Clock.fixed(java.time.Instant.parse("2024-03-05T07:08:09.5Z"), java.time.ZoneOffset.UTC);
    String id = RunIds.next(at);
    assertTrue(id.matches("20240305T070809-[0-9a-f]{6}"), id);
  }
}
