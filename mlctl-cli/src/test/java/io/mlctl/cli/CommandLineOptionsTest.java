package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.help.HelpLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options read the same way on every command: one spelling per meaning, "did you mean" for a
 * mistyped option, stage add's DVC-style options, and predict in a pipe.
 */
class CommandLineOptionsTest {
  @TempDir
  Path tmp;

  @Test
  void mistypedGlobalOption_suggestsTheClosest() {
    assertEquals("mlctl: error: unknown option: '--jsn' (did you mean '--json'?)", Cli.run("status", "--jsn").errorLine(2));
    assertEquals("mlctl: error: unknown option: '--jsn' (did you mean '--json'?)", Cli.run("--jsn").errorLine(2));
    assertEquals("mlctl: error: unknown option: '--quite' (did you mean '--quiet'?)", Cli.run("ls", "--quite").errorLine(2));
  }

  @Test
  void mistypedCommandOption_suggestsTheOptionsItBegins() {
    assertEquals("mlctl: error: unknown option: '--sort' (did you mean '--sort-by' or '--sort-order'?)",
        Cli.run("exp", "show", "--sort").errorLine(2));
    assertEquals("mlctl: error: unknown option: '--lable' (did you mean '--label'?)",
        Cli.run("train", "--data", "a.csv", "--lable", "y", "-o", "m").errorLine(2));
    assertEquals("mlctl: error: unknown option: '--alais' (did you mean '--alias'?)",
        Cli.run("models", "rollback", "iris", "--alais=production").errorLine(2));
  }

  @Test
  void unrelatedOption_pointsAtTheHelp() {
    assertEquals("mlctl: error: unknown option: '--frobnicate' (see 'mlctl status --help')",
        Cli.run("status", "--frobnicate").errorLine(2));
  }

  /** Every option that names an output file is -o/--out (--output stays where it was). */
  @Test
  void everyOutputFileOption_isDashOAndDashDashOut() {
    List<String> bad = new ArrayList<>();
    walk(CommandTree.full(), new IdentityHashMap<>(), (path, o) -> {
      List<String> names = List.of(o.names());
      if ((names.contains("--out") || names.contains("--output")) && !(names.contains("-o") && names.contains("--out"))) {
        bad.add("mlctl " + path + " " + names);
      }
    });
    assertTrue(bad.isEmpty(), String.join("\n", bad));
  }

  @Test
  void driftReport_isDashOLikeEveryOtherReport() {
    CommandLine tree = CommandTree.full();
    OptionSpec out = tree.getSubcommands().get("drift").getCommandSpec().findOption("-o");
    assertEquals(List.of("-o", "--out", "--html"), List.of(out.names()));
  }

  /** A metrics file written (train, evaluate) is --metrics-out; --metrics is the file models register reads. */
  @Test
  void metricsFilesWritten_areMetricsOut_andTheOldSpellingStillParses() {
    CommandLine tree = CommandTree.full();
    for (String command : List.of("train", "evaluate")) {
      OptionSpec out = tree.getSubcommands().get(command).getCommandSpec().findOption("--metrics-out");
      assertTrue(out != null && !out.hidden(), command);
      OptionSpec old = tree.getSubcommands().get(command).getCommandSpec().findOption("--metrics");
      assertTrue(old != null && old.hidden(), command + " still takes --metrics, unlisted");
    }
    tree.parseArgs("train", "--data", "a.csv", "--label", "y", "-o", "m", "--metrics", "m.json");
    tree.parseArgs("evaluate", "--model", "m", "--data", "a.csv", "--metrics", "m.json");
    OptionSpec register = tree.getSubcommands().get("models").getSubcommands().get("register").getCommandSpec().findOption("--metrics");
    assertFalse(register.hidden());
  }

  @Test
  void promote_takesAliasAsRollbackDoes_andToStillWorks() {
    CommandLine tree = CommandTree.full();
    CommandLine promote = tree.getSubcommands().get("models").getSubcommands().get("promote");
    assertEquals(promote.getCommandSpec().findOption("--alias"), promote.getCommandSpec().findOption("--to"));
    tree.parseArgs("models", "promote", "iris", "v2", "--alias", "production");
    tree.parseArgs("models", "promote", "iris", "v2", "--to", "production");
    tree.parseArgs("models", "rollback", "iris", "--alias", "production");
  }

  @Test
  void stageAdd_takesPlotsWdirAlwaysChangedAndItsCommandAfterDashDash() throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("src"));
    Files.writeString(repo.resolve("src/data.csv"), "a\n1\n");
    Cli.Result r = Cli.in(repo, "stage", "add", "-n", "train", "-d", "data.csv", "-o", "m.bin", "--plots", "loss.csv",
        "-w", "src", "--always-changed", "--", "python", "train.py", "-o", "m.bin", "--epochs", "3");
    assertEquals(0, r.code(), r::toString);
    String yaml = Files.readString(repo.resolve("mlctl.yaml"));
    assertTrue(yaml.contains("cmd: python train.py -o m.bin --epochs 3"), yaml);
    assertTrue(yaml.contains("wdir: src"), yaml);
    assertTrue(yaml.contains("plots:\n    - loss.csv") || yaml.contains("plots:\n      - loss.csv") || yaml.contains("plots: [loss.csv]")
        || yaml.contains("- loss.csv"), yaml);
    assertTrue(yaml.contains("always_changed: true"), yaml);

    String again = Cli.in(repo, "stage", "add", "-n", "train", "--", "python", "other.py").errorLine(3);
    assertEquals("mlctl: error: stage 'train' already exists in mlctl.yaml (choose another name, or replace it with --force)", again);
    Cli.Result forced = Cli.in(repo, "stage", "add", "-f", "-n", "train", "--", "python", "other.py");
    assertEquals(0, forced.code(), forced::toString);
    String replaced = Files.readString(repo.resolve("mlctl.yaml"));
    assertTrue(replaced.contains("cmd: python other.py") && !replaced.contains("train.py"), replaced);
  }

  @Test
  void stageAdd_withTheCommandsOwnOption_hintsAtDashDash() {
    String line = Cli.run("stage", "add", "-n", "train", "python", "train.py", "--epochs", "3").errorLine(2);
    assertEquals("mlctl: error: unknown option: '--epochs' (see 'mlctl stage add --help'; if it is an option of the command"
        + " to run, put that command after '--')", line);
  }

  @Test
  void predict_readsStandardInputAndWritesStandardOutput() throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("data"));
    byte[] points;
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      points = in.readAllBytes();
    }
    Files.write(repo.resolve("data/points.csv"), points);
    Cli.Result train = Cli.in(repo, "train", "--data", "data/points.csv", "--label", "label", "-o", "m.model", "-q");
    assertEquals(0, train.code(), train::toString);
    Cli.Result toFile = Cli.in(repo, "predict", "--model", "m.model", "--input", "data/points.csv", "-o", "p.csv", "-q");
    assertEquals(0, toFile.code(), toFile::toString);
    String expected = Files.readString(repo.resolve("p.csv"));

    Cli.Result piped = withStdin(points, () -> Cli.in(repo, "predict", "--model", "m.model", "--input", "-", "-o", "-"));
    assertEquals(0, piped.code(), piped::toString);
    assertEquals(expected, piped.out(), "stdout is the predictions, exactly as the file");
    long rows = expected.lines().count() - 1;
    assertEquals("Scored " + rows + " rows with m.model.\n", piped.err());

    Cli.Result fromStdin = withStdin(points, () -> Cli.in(repo, "predict", "--model", "m.model", "-i", "-", "-o", "q.csv", "--json"));
    JsonNode doc = fromStdin.json();
    assertEquals(rows, doc.get("rows").asLong());
    assertEquals(expected, Files.readString(repo.resolve("q.csv")));

    assertEquals("mlctl: error: --json and -o - both want standard output (write the predictions to a file, or drop --json)",
        Cli.in(repo, "predict", "--model", "m.model", "--input", "data/points.csv", "-o", "-", "--json").errorLine(2));
  }

  private static Cli.Result withStdin(byte[] bytes, java.util.function.Supplier<Cli.Result> run) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(bytes));
    try {
      return run.get();
    } finally {
      System.setIn(saved);
    }
  }

  private interface OptionVisitor {
    void visit(String path, OptionSpec option);
  }

  private static void walk(CommandLine cmd, Map<CommandLine, Boolean> seen, OptionVisitor v) {
    if (seen.put(cmd, Boolean.TRUE) != null) {
      return;
    }
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      v.visit(HelpLayout.path(cmd.getCommandSpec()), o);
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      walk(sub, seen, v);
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
