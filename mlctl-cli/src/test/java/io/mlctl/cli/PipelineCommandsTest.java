package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repro}, {@code dag}, {@code stage} and the stages of {@code status}, end to end. */
class PipelineCommandsTest {
  @TempDir
  Path tmp;

  private Path project(String pipeline) throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Files.writeString(repo.resolve("params.yaml"), "train: {lr: 0.1}\n");
    Files.writeString(repo.resolve("in.txt"), "hello\n");
    Files.writeString(repo.resolve("mlctl.yaml"), pipeline);
    return repo;
  }

  private static final String PIPELINE = """
      stages:
        prep:
          cmd: tr a-z A-Z < in.txt > up.txt
          deps: [in.txt]
          outs: [up.txt]
        train:
          cmd: echo lr=${train.lr} && cat up.txt > model.txt
          deps: [up.txt]
          params: [train.lr]
          outs: [model.txt]
      """;

  @Test
  void repro_runsTheStages_andStatusThenSaysUpToDate() throws IOException {
    Path repo = project(PIPELINE);
    Cli.Result r = Cli.in(repo, "repro");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("train: lr=0.1\n"), r.out());
    assertTrue(r.out().contains("Stage 'train' ran\n"), r.out());
    assertEquals("HELLO\n", Files.readString(repo.resolve("model.txt")));
    assertTrue(Files.exists(repo.resolve(".mlctl/logs/train.log")));
    assertTrue(Files.readString(repo.resolve(".gitignore")).contains("/up.txt\n"));
    // gc keeps what mlctl.lock references.
    assertEquals(0, Cli.in(repo, "gc", "-q").code());
    assertEquals(0, Cli.in(repo, "fsck").code());
    assertEquals(0, Cli.in(repo, "repro", "--dry", "-q").code());
    JsonNode dry = Cli.in(repo, "repro", "--dry", "--json").json();
    assertEquals("skipped_up_to_date", dry.get("stages").get(1).get("outcome").asText());
    assertEquals("Data and pipelines are up to date.\n", Cli.in(repo, "status").out());

    Files.writeString(repo.resolve("params.yaml"), "train: {lr: 0.2}\n");
    Cli.Result st = Cli.in(repo, "status");
    assertTrue(st.out().contains("train: changed params: params.yaml: train.lr\n"), st.out());
    JsonNode j = Cli.in(repo, "status", "--json").json();
    assertEquals("train", j.get("stages").get(1).get("name").asText());
    assertTrue(j.get("stages").get(1).get("stale").asBoolean());
    assertEquals("changed params: params.yaml: train.lr", j.get("stages").get(1).get("reasons").get(1).asText());
    assertEquals(1, Cli.in(repo, "status", "--check").code());
  }

  @Test
  void repro_withTwoJobs_runsStagesTogether_andPrefixesEachStagesLines() throws IOException {
    // Each stage waits for the other's start before it ends: both succeed only if they overlap.
    // The wait gives up after 30 s so that stages run one after the other fail rather than hang.
    Path repo = project("""
        stages:
          a: {cmd: echo 'a start' >> events.log && sh await.sh 'b start' && echo one > a.txt && echo 'a end' >> events.log && echo done-a, outs: [a.txt]}
          b: {cmd: echo 'b start' >> events.log && sh await.sh 'a start' && echo two > b.txt && echo 'b end' >> events.log && echo done-b, outs: [b.txt]}
        """);
    Files.writeString(repo.resolve("await.sh"),
        "n=0; until grep -qx \"$1\" events.log; do n=$((n+1)); [ $n -lt 600 ] || exit 7; sleep 0.05; done\n");
    Cli.Result r = Cli.in(repo, "repro", "-j", "2");
    assertEquals(0, r.code(), r::toString);
    java.util.List<String> ev = Files.readAllLines(repo.resolve("events.log"));
    assertTrue(ev.indexOf("a start") < ev.indexOf("b end") && ev.indexOf("b start") < ev.indexOf("a end")
        && ev.indexOf("a start") >= 0 && ev.indexOf("b start") >= 0, "a and b did not overlap: " + ev);
    assertTrue(r.out().contains("a: done-a\n") && r.out().contains("b: done-b\n"), r.out());
  }

  @Test
  void repro_json_givesOutcomes() throws IOException {
    Path repo = project(PIPELINE);
    Cli.in(repo, "repro");
    JsonNode j = Cli.in(repo, "repro", "--json").json();
    assertEquals("skipped_up_to_date", j.get("stages").get(0).get("outcome").asText());
  }

  @Test
  void repro_whenStageFails_exits1NamingStageAndStatus() throws IOException {
    Path repo = project("""
        stages:
          boom: {cmd: exit 4, outs: [x]}
          after: {cmd: cp x y, deps: [x], outs: [y]}
        """);
    Cli.Result r = Cli.in(repo, "repro");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("mlctl: error: stage 'boom' failed with exit status 4"), r.err());
    assertTrue(r.out().contains("Stage 'after' not run"), r.out());
  }

  @Test
  void repro_whenCycle_exits3NamingTheCycle() throws IOException {
    Path repo = project("""
        stages:
          a: {cmd: x, deps: [b.out], outs: [a.out]}
          b: {cmd: x, deps: [a.out], outs: [b.out]}
        """);
    String line = Cli.in(repo, "repro").errorLine(3);
    assertTrue(line.contains("cycle: "), line);
  }

  @Test
  void repro_whenYamlMalformed_exits3WithLineAndColumn() throws IOException {
    Path repo = project("stages:\n  a: {cmd: [x\n");
    String line = Cli.in(repo, "repro").errorLine(3);
    assertTrue(line.matches("mlctl: error: mlctl\\.yaml:\\d+:\\d+: malformed YAML.*"), line);
  }

  @Test
  void repro_unknownStage_exits3() throws IOException {
    Path repo = project(PIPELINE);
    String line = Cli.in(repo, "repro", "nope").errorLine(3);
    assertTrue(line.startsWith("mlctl: error: unknown stage 'nope'"), line);
  }

  @Test
  void repro_withoutStages_saysSo() throws IOException {
    Path repo = Cli.project(tmp.resolve("empty"));
    Cli.Result r = Cli.in(repo, "repro");
    assertEquals(0, r.code());
    assertEquals("No stages: mlctl.yaml declares none (add one with 'mlctl stage add').\n", r.out());
  }

  @Test
  void repro_singleItemWithDownstream_exits2() throws IOException {
    Path repo = project(PIPELINE);
    assertEquals("mlctl: error: --single-item and --downstream cannot be combined (--single-item runs only the named stages)",
        Cli.in(repo, "repro", "-s", "--downstream", "nope").errorLine(2));
  }

  @Test
  void dag_printsAsciiDotAndMermaid() throws IOException {
    Path repo = project(PIPELINE);
    assertEquals("* prep\n  +--> train\n* train\n", Cli.in(repo, "dag").out());
    assertEquals("digraph mlctl {\n  \"prep\";\n  \"train\";\n  \"prep\" -> \"train\";\n}\n", Cli.in(repo, "dag", "--dot").out());
    assertEquals("flowchart TD\n  s0[\"prep\"]\n  s1[\"train\"]\n  s0 --> s1\n", Cli.in(repo, "dag", "--mermaid").out());
    assertEquals("prep", Cli.in(repo, "dag", "--json").json().get("edges").get(0).get("from").asText());
  }

  @Test
  void stageAdd_writesTheStage_andRefusesADuplicate() throws IOException {
    Path repo = project(PIPELINE);
    Cli.Result r = Cli.in(repo, "stage", "add", "-n", "eval", "-d", "model.txt", "-o", "eval.txt", "-m", "m.json",
        "-p", "train.lr", "cp model.txt eval.txt && echo {} > m.json");
    assertEquals(0, r.code(), r::toString);
    String list = Cli.in(repo, "stage", "list").out();
    assertEquals("prep  -> up.txt\ntrain  -> model.txt\neval  -> eval.txt, m.json\n", list);
    assertEquals(0, Cli.in(repo, "repro", "eval").code());
    assertEquals("HELLO\n", Files.readString(repo.resolve("eval.txt")));
    String line = Cli.in(repo, "stage", "add", "-n", "eval", "true").errorLine(3);
    assertTrue(line.contains("stage 'eval' already exists"), line);
    String before = Files.readString(repo.resolve("mlctl.yaml"));
    line = Cli.in(repo, "stage", "add", "-n", "sneaky", "-o", ".mlctl/x", "true").errorLine(3);
    assertTrue(line.contains("stage 'sneaky': output '.mlctl/x' is inside .mlctl"), line);
    line = Cli.in(repo, "stage", "add", "-n", "again", "-o", "up.txt", "true").errorLine(3);
    assertTrue(line.contains("stage 'again': output 'up.txt' overlaps output 'up.txt' of stage 'prep'"), line);
    assertEquals(before, Files.readString(repo.resolve("mlctl.yaml")));
  }

  @Test
  void statusOfTargets_listsTheStagesTheyName_besideTrackedData() throws IOException {
    Path repo = project(PIPELINE);
    Files.writeString(repo.resolve("data.csv"), "a,b\n");
    assertEquals(0, Cli.in(repo, "add", "-q", "data.csv").code());
    assertEquals(0, Cli.in(repo, "repro", "-q").code());
    Files.writeString(repo.resolve("params.yaml"), "train: {lr: 0.2}\n");
    Files.writeString(repo.resolve("data.csv"), "a,b\n1,2\n");

    // A stage by name, and tracked data: both lists.
    JsonNode j = Cli.in(repo, "status", "--json", "train", "data.csv").json();
    assertEquals(1, j.get("stages").size(), j::toString);
    assertEquals("train", j.get("stages").get(0).get("name").asText());
    assertTrue(j.get("stages").get(0).get("stale").asBoolean());
    assertEquals("changed params: params.yaml: train.lr", j.get("stages").get(0).get("reasons").get(1).asText());
    assertEquals("data.csv", j.get("changed").get(0).get("path").asText());
    assertEquals("modified", j.get("changed").get(0).get("state").asText());

    // A stage's output names its stage, which is fresh here.
    j = Cli.in(repo, "status", "--json", "up.txt").json();
    assertEquals("prep", j.get("stages").get(0).get("name").asText());
    assertEquals(false, j.get("stages").get(0).get("stale").asBoolean());
    assertEquals(0, j.get("changed").size());
    assertEquals(0, Cli.in(repo, "status", "--check", "up.txt").code());

    // Text output and --check see the stale stage among the targets only.
    Cli.Result st = Cli.in(repo, "status", "train");
    assertEquals("train: changed command\ntrain: changed params: params.yaml: train.lr\n", st.out());
    assertEquals(1, Cli.in(repo, "status", "--check", "train").code());
    assertEquals(0, Cli.in(repo, "status", "--json", "data.csv").json().get("stages").size());

    String line = Cli.in(repo, "status", "nothing-by-this-name").errorLine(3);
    assertTrue(line.contains("'nothing-by-this-name' is not tracked by mlctl"), line);
  }

  @Test
  void statusOfAForeachName_listsEveryItem() throws IOException {
    Path repo = project("""
        stages:
          fit:
            foreach: [a, b]
            do: {cmd: echo ${item} > fit-${item}.txt, outs: [fit-${item}.txt]}
          other: {cmd: echo o > o.txt, outs: [o.txt]}
        """);
    JsonNode j = Cli.in(repo, "status", "--json", "fit").json();
    assertEquals(2, j.get("stages").size(), j::toString);
    assertEquals("fit@a", j.get("stages").get(0).get("name").asText());
    assertEquals("never run", j.get("stages").get(1).get("reasons").get(0).asText());
  }

  private static java.util.List<String> runEntries(Path repo) throws IOException {
    Path runs = repo.resolve(".mlctl/cache/runs");
    if (!Files.isDirectory(runs)) {
      return java.util.List.of();
    }
    try (java.util.stream.Stream<Path> s = Files.walk(runs)) {
      return s.filter(Files::isRegularFile).map(p -> runs.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void gc_removesRunCacheEntriesWhoseOutputsItRemoved_andKeepsTheOthers() throws IOException {
    Path repo = project(PIPELINE);
    assertEquals(0, Cli.in(repo, "repro", "-q").code());
    java.util.List<String> first = runEntries(repo);
    assertEquals(2, first.size(), first::toString);
    Files.writeString(repo.resolve("in.txt"), "other\n");
    assertEquals(0, Cli.in(repo, "repro", "-q").code());
    assertEquals(4, runEntries(repo).size());

    // The first runs' outputs (both "HELLO\n": one object) are referenced by nothing now: a dry
    // run names their entries, and removes nothing.
    JsonNode dry = Cli.in(repo, "gc", "--dry-run", "--json").json();
    assertEquals(1, dry.get("removed").size(), dry::toString);
    java.util.List<String> named = new java.util.ArrayList<>();
    dry.get("run_cache_removed").forEach(n -> named.add(n.asText()));
    assertEquals(first.stream().map(e -> e.replace(java.io.File.separatorChar, '/')).toList(), named);
    assertEquals(4, runEntries(repo).size());

    Cli.Result gc = Cli.in(repo, "gc");
    assertEquals(0, gc.code(), gc::toString);
    assertTrue(gc.out().endsWith("Removed 2 run-cache entries whose outputs are gone.\n"), gc.out());
    java.util.List<String> left = runEntries(repo);
    assertEquals(2, left.size());
    assertTrue(left.stream().noneMatch(first::contains), left::toString);

    // Back to the first input: its run is gone from the run cache, so the stages run again.
    Files.writeString(repo.resolve("in.txt"), "hello\n");
    JsonNode r = Cli.in(repo, "repro", "--json", "-q").json();
    assertEquals("ran", r.get("stages").get(0).get("outcome").asText(), r::toString);
    // The current runs stay restorable: gc kept what their entries name.
    Files.writeString(repo.resolve("in.txt"), "other\n");
    r = Cli.in(repo, "repro", "--json", "-q").json();
    assertEquals("restored_from_run_cache", r.get("stages").get(0).get("outcome").asText(), r::toString);
    assertEquals(0, Cli.in(repo, "fsck").code());
  }

  @Test
  void plainRepro_isRecognisedForThePrefetchOfTheNoOpVerdict() {
    Path cwd = Path.of(System.getProperty("user.dir"));
    assertEquals(cwd, PlainCommand.parse("repro").workDir());
    assertEquals(cwd, PlainCommand.parse("repro", "-q", "-j", "2", "--json").workDir());
    assertEquals(cwd.resolve("sub/dir").normalize(), PlainCommand.parse("-C", "sub/dir", "repro", "--no-run-cache").workDir());
    for (String[] args : new String[][] {{"repro", "train"}, {"repro", "--force"}, {"repro", "--dry"}, {"status"},
        {"repro", "--downstream", "x"}, {}, {"-C", "x"}}) {
      PlainCommand plain = PlainCommand.parse(args);
      assertTrue(plain == null || !plain.repro(), String.join(" ", args));
    }
  }

  @Test
  void noOpRepro_fromTheCommandLine_answersFromItsVerdict() throws IOException {
    Path repo = project(PIPELINE);
    assertEquals(0, Cli.in(repo, "repro", "-q").code());
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    for (String f : new String[] {"in.txt", "up.txt", "model.txt", "params.yaml", "mlctl.yaml"}) {
      Files.setLastModifiedTime(repo.resolve(f), old);
    }
    assertEquals(0, Cli.in(repo, "repro", "-q").code());
    assertTrue(Files.exists(repo.resolve(".mlctl/state/pipeline-fresh")));
    JsonNode j = Cli.in(repo, "repro", "--json", "-q").json();
    assertEquals("skipped_up_to_date", j.get("stages").get(1).get("outcome").asText());
    Files.writeString(repo.resolve("in.txt"), "other\n");
    j = Cli.in(repo, "repro", "--json", "-q").json();
    assertEquals("ran", j.get("stages").get(0).get("outcome").asText(), j::toString);
  }
}
