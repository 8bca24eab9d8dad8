package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics}, {@code params}, {@code exp}, {@code log} and {@code plots}, end to end. */
class ExperimentCommandsTest {
  @TempDir
  Path tmp;

  private Path repo;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Cli.hasGit(), "git is not installed");
    repo = Cli.project(tmp.resolve("repo"));
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "Test");
    // Stages call `mlctl`: a launcher for this very build, found through MLCTL_HOME as the real one is.
    Path home = tmp.resolve("home");
    Path bin = Files.createDirectories(home.resolve("bin")).resolve("mlctl");
    Files.writeString(bin, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '" + System.getProperty("java.class.path")
        + "' io.mlctl.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("MLCTL_HOME", home.toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("CI", "true");
  }

  private void git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + args[0] + " failed: " + said);
  }

  private Cli.Result mlctl(String... args) {
    List<String> all = new ArrayList<>(List.of("-C", repo.toString()));
    all.addAll(List.of(args));
    return Cli.run(env, all.toArray(String[]::new));
  }

  private void write(String rel, String text) throws IOException {
    Files.createDirectories(repo.resolve(rel).getParent());
    Files.writeString(repo.resolve(rel), text);
  }

  private static final String LOGGING_PIPELINE = """
      stages:
        train:
          cmd: >-
            for v in 0.9 0.5 0.3; do mlctl log metric loss $v; done &&
            mlctl log param optimizer adam &&
            echo '{"acc": ${train.lr}, "confusion_matrix": {"labels": ["a", "b"], "matrix": [[2, 0], [1, 3]]}}' > metrics.json
          params: [train.lr]
          metrics: [{metrics.json: {cache: false}}]
        side:
          cmd: mlctl log metric side 1 --step 5 && mlctl log metric side 2 && echo done > side.txt
          outs: [side.txt]
      """;

  /** exp run takes repro's options: --dry, -k/--keep-going, --no-run-cache, -s/--single-item. */
  @Test
  void expRun_takesReprosOptions() throws Exception {
    write("params.yaml", "lr: 0.1\n");
    write("mlctl.yaml", """
        stages:
          first:
            cmd: echo ${lr} > first.txt
            params: [lr]
            outs: [first.txt]
          second:
            cmd: cat first.txt > second.txt
            deps: [first.txt]
            outs: [second.txt]
          broken:
            cmd: exit 3
          alone:
            cmd: echo alone > alone.txt
            outs: [alone.txt]
        """);
    git("add", "-A");
    git("commit", "-q", "-m", "pipeline");

    Cli.Result dry = mlctl("exp", "run", "--dry", "-S", "lr=0.5");
    assertEquals(0, dry.code(), dry::toString);
    assertTrue(dry.out().contains("Stage 'first' would run"), dry.out());
    assertEquals("lr: 0.1\n", Files.readString(repo.resolve("params.yaml")), "a dry run writes no parameter");
    assertFalse(Files.exists(repo.resolve("first.txt")), "a dry run runs nothing");
    assertEquals(0, mlctl("--json", "exp", "show").json().size(), "a dry run records nothing");
    assertEquals(3, mlctl("exp", "run", "--dry", "-S", "nope=1").code(), "a dry run still checks every -S");

    Cli.Result keepGoing = mlctl("exp", "run", "-k", "-n", "kept-going");
    assertEquals(1, keepGoing.code(), keepGoing::toString);
    assertTrue(Files.exists(repo.resolve("alone.txt")) && Files.exists(repo.resolve("second.txt")),
        "-k runs the stages that do not depend on the failed one");

    Cli.Result quiet = mlctl("-q", "exp", "show");
    assertEquals(0, quiet.code(), quiet::toString);
    assertTrue(quiet.out().contains("kept-going"), "-q silences chatter, not the table asked for: " + quiet);
    Cli.Result quietMetrics = mlctl("-q", "params", "show");
    assertTrue(quietMetrics.out().contains("lr"), quietMetrics::toString);

    Files.delete(repo.resolve("second.txt"));
    Files.writeString(repo.resolve("first.txt"), "changed\n");
    Cli.Result single = mlctl("exp", "run", "-s", "second");
    assertEquals(0, single.code(), single::toString);
    assertEquals("changed\n", Files.readString(repo.resolve("second.txt")), "-s runs only the named stage");

    Files.delete(repo.resolve("alone.txt"));
    Cli.Result noCache = mlctl("exp", "run", "--no-run-cache", "alone");
    assertEquals(0, noCache.code(), noCache::toString);
    assertTrue(noCache.out().contains("alone: $ echo alone > alone.txt"), "run, not restored: " + noCache.out());
  }

  @Test
  void expRun_withStagesThatLogAtOnce_recordsEverySeriesWhole() throws Exception {
    write("params.yaml", "train:\n  lr: 0.1\n");
    write("mlctl.yaml", LOGGING_PIPELINE);
    git("add", "-A");
    git("commit", "-q", "-m", "pipeline");

    Cli.Result run = mlctl("exp", "run", "-j", "2");
    assertEquals(0, run.code(), run::toString);
    assertTrue(run.out().contains("success"), run.out());
    JsonNode runs = mlctl("--json", "exp", "show").json();
    assertEquals(1, runs.size());
    JsonNode r = runs.get(0);
    for (String key : List.of("id", "started", "ended", "commit", "dirty", "status", "params", "metrics", "series", "deps", "outs")) {
      assertTrue(r.has(key), "exp show --json lacks " + key + ": " + r);
    }
    assertEquals("success", r.get("status").asText());
    assertFalse(r.get("dirty").asBoolean());
    assertEquals(40, r.get("commit").asText().length());
    JsonNode loss = r.get("series").get("loss");
    assertEquals(3, loss.size(), loss::toString);
    double[] want = {0.9, 0.5, 0.3};
    for (int i = 0; i < 3; i++) {
      assertEquals(i, loss.get(i).get("step").asLong());
      assertEquals(want[i], loss.get(i).get("value").asDouble());
      assertTrue(java.time.Instant.parse(loss.get(i).get("timestamp").asText()).isAfter(java.time.Instant.parse("2020-09-13T12:26:40Z")),
          loss.toString());
    }
    assertEquals(5, r.get("series").get("side").get(0).get("step").asLong());
    assertEquals(6, r.get("series").get("side").get(1).get("step").asLong());
    assertEquals("adam", r.get("params").get("optimizer").asText());
    assertEquals(0.1, r.get("params").get("train.lr").asDouble());
    assertEquals(0.1, r.get("metrics").get("acc").asDouble());
    assertEquals(0.3, r.get("metrics").get("loss").asDouble(), "a series stands for its last value");
    assertTrue(r.get("outs").has("side.txt"));

    // A second run with an override; show, sort, diff and plot the two.
    Cli.Result second = mlctl("exp", "run", "-q", "-S", "train.lr=0.2");
    assertEquals(0, second.code(), second::toString);
    assertEquals("train:\n  lr: 0.2\n", Files.readString(repo.resolve("params.yaml")));
    JsonNode both = mlctl("--json", "exp", "show", "--sort-by", "acc", "--sort-order", "desc").json();
    assertEquals(0.2, both.get(0).get("metrics").get("acc").asDouble());
    assertFalse(both.get(0).get("dirty").asBoolean(), "the -S edit is recorded as overrides, not as a dirty tree");
    String a = both.get(1).get("id").asText();
    String b = both.get(0).get("id").asText();
    Cli.Result csv = mlctl("exp", "show", "--csv");
    assertEquals(0, csv.code(), csv::toString);
    List<String> lines = csv.out().lines().toList();
    assertEquals("Run,Started,Duration,Commit,Status,train.lr,optimizer,acc,loss,side", lines.get(0));
    assertTrue(lines.get(1).startsWith(both.get(1).get("name").asText() + ","), csv.out());
    // The side stage was up to date the second time: its series is the one of the run that made side.txt.
    assertTrue(lines.get(2).endsWith(",success,0.2,adam,0.2,0.3,2"), csv.out());
    // Both started from HEAD; none from the commit before it.
    assertEquals(2, mlctl("--json", "exp", "show", "--rev", "HEAD").json().size());
    git("commit", "-q", "--allow-empty", "-m", "later");
    assertEquals(0, mlctl("--json", "exp", "show", "--rev", "HEAD").json().size());
    assertEquals(2, mlctl("--json", "exp", "show", "--rev", "HEAD~1").json().size());
    JsonNode diff = mlctl("--json", "exp", "diff", a, b).json();
    assertEquals(0.1, diff.get("params").get("train.lr").get("old").asDouble());
    assertEquals(0.2, diff.get("params").get("train.lr").get("new").asDouble());
    assertEquals(0.1, diff.get("metrics").get("acc").get("diff").asDouble(), 1e-12);
    assertFalse(diff.get("metrics").has("loss"), "unchanged without --all");

    Path page = tmp.resolve("page.html");
    JsonNode plotted = mlctl("--json", "plots", "show", "-o", page.toString()).json();
    assertEquals(page.toString(), plotted.get("path").asText());
    String html = Files.readString(page);
    assertTrue(html.contains("<rect class=\"cell\""), "the confusion matrix");
    assertTrue(html.contains(">loss (logged)<"), "the logged series");
    assertTrue(html.contains(">acc across runs<"), "a metric across runs");

    // apply brings the first run back.
    Cli.Result applied = mlctl("exp", "apply", a.substring(0, a.length() - 2));
    assertEquals(0, applied.code(), applied::toString);
    assertEquals("train:\n  lr: 0.1\n", Files.readString(repo.resolve("params.yaml")));
    assertTrue(Files.readString(repo.resolve("metrics.json")).startsWith("{\"acc\": 0.1,"));

    Cli.Result removed = mlctl("exp", "remove", a);
    assertEquals("Removed run " + a + ".\n", removed.out());
    assertEquals(1, mlctl("--json", "exp", "show").json().size());
  }

  @Test
  void metricsAndParams_showAndDiff_inEveryFormat() throws Exception {
    write("params.yaml", "train:\n  lr: 0.1\n  epochs: 3\n");
    write("mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n    params: [train.lr]\n    metrics: [{m.json: {cache: false}}]\n");
    write("m.json", "{\"acc\": 0.91, \"loss\": {\"val\": 0.123456789}, \"rows\": 100}");
    git("add", "-A");
    git("commit", "-q", "-m", "one");
    write("m.json", "{\"acc\": 0.95, \"loss\": {\"val\": 0.123456789}, \"rows\": 100}");
    write("params.yaml", "train:\n  lr: 0.2\n  epochs: 3\n");

    JsonNode d = mlctl("--json", "metrics", "diff").json();
    assertEquals(1, d.size());
    JsonNode acc = d.get("m.json").get("acc");
    assertEquals(0.91, acc.get("old").asDouble());
    assertEquals(0.95, acc.get("new").asDouble());
    assertEquals(0.04, acc.get("diff").asDouble(), 1e-12);
    assertEquals(1, d.get("m.json").size(), "only changed keys");
    assertEquals(3, mlctl("--json", "metrics", "diff", "--all").json().get("m.json").size());

    assertEquals("""
        | Path | Metric | HEAD | workspace | Change |
        |---|---|---|---|---|
        | m.json | acc | 0.91 | 0.95 | 0.04 |
        """, mlctl("metrics", "diff", "--md").out());
    assertEquals("""
        Path    Metric    Value
        m.json  acc       0.95
        m.json  loss.val  0.12
        m.json  rows      100
        """, mlctl("metrics", "show", "--precision", "2").out());
    assertEquals("Path,Metric,Value\nm.json,acc,0.95\nm.json,loss.val,0.12346\nm.json,rows,100\n",
        mlctl("metrics", "show", "--csv").out());
    JsonNode shown = mlctl("--json", "metrics", "show").json();
    assertEquals(0.123456789, shown.get("m.json").get("loss.val").asDouble());

    JsonNode p = mlctl("--json", "params", "diff").json();
    assertEquals(0.1, p.get("params.yaml").get("train.lr").get("old").asDouble());
    assertEquals("Path         Param     HEAD  workspace  Change\nparams.yaml  train.lr  0.1   0.2        0.1\n",
        mlctl("params", "diff").out());
    assertEquals(0.2, mlctl("--json", "params", "show").json().get("params.yaml").get("train.lr").asDouble());
    assertEquals(0.1, mlctl("--json", "params", "show", "--rev", "HEAD").json().get("params.yaml").get("train.lr").asDouble());
    assertEquals("mlctl: error: --md and --csv cannot be used together (choose one)",
        mlctl("metrics", "show", "--md", "--csv").errorLine(ExitCodes.USAGE));
  }

  @Test
  void repro_whoseStageCallsMlctlLog_recordsAWholeRun_thatShowDiffAndApplyRead() throws Exception {
    write("params.yaml", "train:\n  lr: 0.1\n");
    write("mlctl.yaml", """
        stages:
          train:
            cmd: >-
              mlctl log metric loss ${train.lr} && mlctl log metric loss 0.05 --step 3 &&
              echo '{"acc": ${train.lr}}' > metrics.json
            params: [train.lr]
            metrics: [{metrics.json: {cache: false}}]
        """);
    git("add", "-A");
    git("commit", "-q", "-m", "pipeline");

    Cli.Result first = mlctl("repro");
    assertEquals(0, first.code(), first::toString);
    assertTrue(first.out().contains("Recorded run "), first.out());
    write("params.yaml", "train:\n  lr: 0.2\n");
    assertEquals(0, mlctl("repro").code());
    JsonNode runs = mlctl("--json", "exp", "show").json();
    assertEquals(2, runs.size(), runs::toString);
    for (JsonNode r : runs) {
      assertEquals("success", r.get("status").asText(), r::toString);
      assertEquals(40, r.get("commit").asText().length(), r::toString);
      assertFalse(r.get("ended").isNull(), r::toString);
      assertEquals("[\"train\"]", r.get("stages").toString());
      assertEquals(2, r.get("series").get("loss").size());
      assertEquals(0.05, r.get("metrics").get("loss").asDouble());
    }
    assertFalse(runs.get(0).get("dirty").asBoolean());
    assertTrue(runs.get(1).get("dirty").asBoolean(), "params.yaml was edited by hand");
    assertEquals(0.1, runs.get(0).get("params").get("train.lr").asDouble());
    assertEquals(0.2, runs.get(1).get("metrics").get("acc").asDouble());
    String a = runs.get(0).get("id").asText();
    String b = runs.get(1).get("id").asText();
    JsonNode diff = mlctl("--json", "exp", "diff", a, b).json();
    assertEquals(0.1, diff.get("metrics").get("acc").get("diff").asDouble(), 1e-12);
    assertEquals(0.2, diff.get("params").get("train.lr").get("new").asDouble());
    Cli.Result applied = mlctl("exp", "apply", a);
    assertEquals(0, applied.code(), applied::toString);
    assertEquals("train:\n  lr: 0.1\n", Files.readString(repo.resolve("params.yaml")));

    // Up to date: nothing runs, nothing logs, nothing is recorded.
    assertEquals(0, mlctl("repro").code());
    assertEquals(2, mlctl("--json", "exp", "show").json().size());
  }

  @Test
  void runs_haveNamesTagsAndNotes_andExpShowChoosesItsColumns() throws Exception {
    StringBuilder perClass = new StringBuilder();
    for (String label : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
      for (String m : List.of("precision", "recall", "f1")) {
        perClass.append(", \"per_class.").append(label).append('.').append(m).append("\": 0.5");
      }
    }
    write("params.yaml", "train:\n  lr: 0.1\n  seed: 1\n");
    write("mlctl.yaml", """
        stages:
          train:
            cmd: >-
              echo '{"metric": "loss", "value": ${train.lr}}' >> "$MLCTL_LOG_FILE" &&
              echo '{"metric": "loss", "value": 0.01}' >> "$MLCTL_LOG_FILE" &&
              echo '{"metric": "acc", "value": 0.7}' >> "$MLCTL_LOG_FILE" &&
              echo '{"acc": ${train.lr}%s}' > metrics.json
            params: [train.lr, train.seed]
            metrics: [{metrics.json: {cache: false}}]
        """.formatted(perClass));
    git("add", "-A");
    git("commit", "-q", "-m", "pipeline");

    Cli.Result first = mlctl("exp", "run", "-n", "baseline", "--tag", "team=vision", "--note", "the first try");
    assertEquals(0, first.code(), first::toString);
    assertTrue(first.out().contains("\nRun baseline ("), first.out());
    assertEquals(0, mlctl("exp", "run", "-q", "-S", "train.lr=0.2", "--tag", "team=nlp").code());
    assertEquals("mlctl: error: run name 'baseline' is taken by run " + mlctl("--json", "exp", "show").json().get(0).get("id").asText()
        + " (choose another name, or mlctl exp remove baseline)",
        mlctl("exp", "run", "-n", "baseline").errorLine(ExitCodes.USAGE));

    JsonNode runs = mlctl("--json", "exp", "show").json();
    assertEquals(2, runs.size());
    assertEquals("baseline", runs.get(0).get("name").asText());
    assertEquals("vision", runs.get(0).get("tags").get("team").asText());
    assertEquals("the first try", runs.get(0).get("note").asText());
    String second = runs.get(1).get("name").asText();
    assertTrue(second.matches("[a-z]+-[a-z]+"), second);
    assertEquals(0.7, runs.get(0).get("metrics").get("series:acc").asDouble(), "a series and a file key, named apart");
    assertEquals(0.1, runs.get(0).get("metrics").get("acc").asDouble());

    // Names stand for runs; tags filter.
    JsonNode diff = mlctl("--json", "exp", "diff", "baseline", second).json();
    assertEquals(0.2, diff.get("params").get("train.lr").get("new").asDouble());
    JsonNode vision = mlctl("--json", "exp", "show", "--tag", "team=vision").json();
    assertEquals(1, vision.size());
    assertEquals("baseline", vision.get(0).get("name").asText());

    // The default table fits 80 columns (no terminal, no COLUMNS), top-level metrics first.
    Cli.Result table = mlctl("exp", "show");
    assertEquals(0, table.code(), table::toString);
    table.out().lines().forEach(l -> assertTrue(l.length() <= 80, l));
    String header = table.out().lines().findFirst().orElseThrow();
    assertTrue(header.startsWith("Run ") && header.contains("Started") && header.contains("Duration"), header);
    assertTrue(header.contains(" acc") && header.contains(" loss") && !header.contains("per_class"), header);
    assertTrue(table.err().contains("more columns left out to fit 80 characters"), table.err());
    env.put("COLUMNS", "200");
    Cli.Result wide = mlctl("exp", "show");
    wide.out().lines().forEach(l -> assertTrue(l.length() <= 200, l));
    assertTrue(wide.out().lines().findFirst().orElseThrow().length() > 80, wide.out());
    env.remove("COLUMNS");

    List<String> all = mlctl("exp", "show", "--all").out().lines().toList();
    assertTrue(all.get(0).startsWith("Run ") && all.get(0).contains(" Id ") && all.get(0).contains("per_class.h.f1"), all.get(0));
    assertEquals("Run,Started,Duration,Commit,Status,per_class.a.precision,per_class.a.recall,per_class.a.f1",
        mlctl("exp", "show", "--csv", "--keep", "^per_class\\.a\\.").out().lines().findFirst().orElseThrow());
    assertFalse(mlctl("exp", "show", "--csv", "--drop", "per_class").out().contains("per_class"));
    assertEquals("Run,Started,Duration,Commit,Status,train.lr,acc",
        mlctl("exp", "show", "--csv", "--only-changed").out().lines().findFirst().orElseThrow());
    List<String> named = mlctl("exp", "show", "--csv", "--param", "train.lr", "--metric", "loss").out().lines().toList();
    assertEquals("Run,Started,Duration,Commit,Status,train.lr,loss", named.get(0));
    assertTrue(named.get(1).endsWith(",success,0.1,0.01"), named.get(1));
    List<String> max = mlctl("exp", "show", "--csv", "--series", "max", "--metric", "loss").out().lines().toList();
    assertTrue(max.get(1).endsWith(",success,0.1") && max.get(2).endsWith(",success,0.2"), max.toString());
    assertEquals("mlctl: error: no run has the metric 'nope' (mlctl exp show --all lists every column)",
        mlctl("exp", "show", "--metric", "nope").errorLine(ExitCodes.BAD_INPUT));
    assertEquals(ExitCodes.USAGE, mlctl("exp", "show", "--series", "mean").code());
    assertEquals(ExitCodes.USAGE, mlctl("exp", "show", "--keep", "(").code());
  }

  @Test
  void expApply_overUncommittedCode_isExitOneNamingIt_unlessForced() throws Exception {
    write("params.yaml", "train:\n  lr: 0.1\n");
    write("train.sh", "echo v1 > out.txt\n");
    write("mlctl.yaml", "stages:\n  train:\n    cmd: sh train.sh\n    deps: [train.sh]\n    params: [train.lr]\n"
        + "    outs: [out.txt]\n");
    git("add", "-A");
    git("commit", "-q", "-m", "v1");
    assertEquals(0, mlctl("exp", "run", "-q", "-n", "first").code());
    write("train.sh", "echo v2 > out.txt\n");

    assertEquals("mlctl: error: uncommitted changes in train.sh would be overwritten by run first's code; nothing was "
        + "applied (commit or stash them, or use --force)", mlctl("exp", "apply", "first").errorLine(ExitCodes.NO));
    assertEquals("echo v2 > out.txt\n", Files.readString(repo.resolve("train.sh")));
    JsonNode forced = mlctl("--json", "exp", "apply", "--force", "first").json();
    assertEquals("[\"train.sh\"]", forced.get("code").toString());
    assertEquals("echo v1 > out.txt\n", Files.readString(repo.resolve("train.sh")));
  }

  @Test
  void expPushPullAndBranch_throughTheCommandLine() throws Exception {
    write("params.yaml", "train:\n  lr: 0.1\n");
    write("mlctl.yaml", "stages:\n  train:\n    cmd: echo ${train.lr} > out.txt\n    params: [train.lr]\n"
        + "    outs: [out.txt]\n");
    git("add", "-A");
    git("commit", "-q", "-m", "pipeline");
    assertEquals(0, mlctl("exp", "run", "-q", "-n", "one").code());
    assertEquals(0, mlctl("remote", "add", "-d", "origin", tmp.resolve("remote").toString()).code());

    JsonNode pushed = mlctl("--json", "exp", "push", "one").json();
    assertEquals(1, pushed.get("runs").size(), pushed::toString);
    assertTrue(Files.exists(tmp.resolve("remote/experiments/" + pushed.get("runs").get(0).asText() + ".json")));
    assertEquals("mlctl: error: unknown run 'nope' (mlctl exp show lists the runs)",
        mlctl("exp", "push", "nope").errorLine(ExitCodes.BAD_INPUT));

    // A second project on the same remote sees the run, then pulls it.
    Path other = Cli.project(tmp.resolve("other"));
    Cli.Result added = Cli.run(env, "-C", other.toString(), "remote", "add", "-d", "origin", tmp.resolve("remote").toString());
    assertEquals(0, added.code(), added::toString);
    Cli.Result remoteShow = Cli.run(env, "-C", other.toString(), "exp", "show", "--all-remote", "--csv");
    assertTrue(remoteShow.out().lines().skip(1).findFirst().orElseThrow().startsWith("one (remote),"), remoteShow.out());
    Cli.Result pulled = Cli.run(env, "-C", other.toString(), "exp", "pull", "one");
    assertEquals(0, pulled.code(), pulled::toString);
    assertTrue(pulled.out().startsWith("Pulled 1 run and "), pulled.out());
    assertEquals("one", Cli.run(env, "-C", other.toString(), "--json", "exp", "show").json().get(0).get("name").asText());

    Cli.Result branched = mlctl("exp", "branch", "one", "exp-one");
    assertEquals(0, branched.code(), branched::toString);
    assertTrue(branched.out().startsWith("Branch exp-one ("), branched.out());
    assertEquals("mlctl: error: branch 'exp-one' already exists (choose another name)",
        mlctl("exp", "branch", "one", "exp-one").errorLine(ExitCodes.BAD_INPUT));
  }

  @Test
  void log_intoAnUnknownRun_orAtANegativeStep_isRefused() throws Exception {
    Map<String, String> inStage = new HashMap<>(env);
    inStage.put("MLCTL_RUN_ID", "nonexistent");
    String unknown = Cli.run(inStage, "-C", repo.toString(), "log", "metric", "loss", "1").errorLine(ExitCodes.BAD_INPUT);
    assertTrue(unknown.startsWith("mlctl: error: unknown run 'nonexistent' ("), unknown);
    assertEquals(ExitCodes.BAD_INPUT, Cli.run(inStage, "-C", repo.toString(), "log", "param", "seed", "1").code());
    assertFalse(Files.exists(repo.resolve(".mlctl/runs/nonexistent.json")));
    assertEquals("mlctl: error: metric loss: --step -1 is negative (steps count from 0)",
        Cli.run(inStage, "-C", repo.toString(), "log", "metric", "loss", "1", "--step", "-1").errorLine(ExitCodes.USAGE));
  }

  @Test
  void badInput_isExitThreeWithOneLine_andChangesNothing() throws Exception {
    write("params.yaml", "train:\n  lr: 0.1\n");
    write("mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n    params: [train.lr]\n    metrics: [{m.json: {cache: false}}]\n");
    write("m.json", "{\"name\": \"only text\"}");

    assertEquals("mlctl: error: m.json: holds no numbers (a metrics file maps names to numbers, e.g. {\"accuracy\": 0.93})",
        mlctl("metrics", "show").errorLine(ExitCodes.BAD_INPUT));
    write("m.json", "{\"accuracy\":\n  0.9 0.8}\n");
    String malformed = mlctl("metrics", "show").errorLine(ExitCodes.BAD_INPUT);
    assertTrue(malformed.startsWith("mlctl: error: m.json:2:7: malformed JSON: "), malformed);

    assertEquals("mlctl: error: -S train.lrr: no such parameter in params.yaml (did you mean train.lr?)",
        mlctl("exp", "run", "-S", "train.lr=0.5", "-S", "train.lrr=0.5").errorLine(ExitCodes.BAD_INPUT));
    assertEquals("train:\n  lr: 0.1\n", Files.readString(repo.resolve("params.yaml")), "nothing was applied");
    assertFalse(Files.exists(repo.resolve(".mlctl/runs")) && Files.list(repo.resolve(".mlctl/runs"))
        .anyMatch(f -> f.toString().endsWith(".json")), "no run was recorded");

    for (String[] cmd : List.of(new String[] {"exp", "apply", "nope"}, new String[] {"exp", "remove", "nope"},
        new String[] {"exp", "diff", "nope", "other"})) {
      assertEquals("mlctl: error: unknown run 'nope' (mlctl exp show lists the runs)",
          mlctl(cmd).errorLine(ExitCodes.BAD_INPUT), String.join(" ", cmd));
    }
    assertEquals("mlctl: error: no current run: MLCTL_RUN_ID is not set "
            + "(mlctl log works inside a stage run by mlctl exp run or mlctl repro)",
        mlctl("log", "metric", "loss", "1").errorLine(ExitCodes.BAD_INPUT));
    Map<String, String> inStage = new HashMap<>(env);
    inStage.put("MLCTL_RUN_ID", "r1");
    assertEquals("mlctl: error: metric loss: 'high' is not a number",
        Cli.run(inStage, "-C", repo.toString(), "log", "metric", "loss", "high").errorLine(ExitCodes.USAGE));
  }
}
