package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The plain reading of a repro, status or add line agrees with picocli's, and its runs with picocli's runs. */
class PlainCommandTest {
  @TempDir
  Path tmp;

  static Stream<List<String>> plainLines() {
    return Stream.of(
        List.of("repro"),
        List.of("repro", "-q"),
        List.of("repro", "--quiet", "--json"),
        List.of("-C", ".", "repro", "--no-run-cache"),
        List.of("repro", "-C", "src"),
        List.of("--json", "repro", "-j", "2"),
        List.of("repro", "--jobs", "12", "-k"),
        List.of("repro", "--keep-going", "--no-color", "--no-progress", "--debug"),
        List.of("-v", "-v", "repro"),
        List.of("repro", "--verbose", "-v", "-v"),
        List.of("-q", "-C", "src", "repro", "--json", "-j", "1"),
        List.of("status"),
        List.of("status", "--check"),
        List.of("-C", "src", "status", "--json", "-q"),
        List.of("--no-color", "status", "--check", "-v", "--debug"),
        List.of("add", "x"),
        List.of("add", "data", "models/m.bin", "-q"),
        List.of("-C", "src", "add", "--json", "status", "repro"),
        List.of("add", "-v", "a", "--no-progress", "b"));
  }

  @ParameterizedTest
  @MethodSource("plainLines")
  void plainLine_isReadAsPicocliReadsIt(List<String> line) {
    String[] args = line.toArray(String[]::new);
    PlainCommand plain = PlainCommand.parse(args);
    assertNotNull(plain, () -> "not read as plain: " + line);

    Globals g = new Globals(Map.of());
    CommandLine cl = CommandTree.forArgs(g, args);
    ParseResult root = cl.parseArgs(args);
    ParseResult sub = root.subcommand();
    assertEquals(plain.command(), sub.commandSpec().name());
    if (plain.command().equals("add")) {
      assertEquals(sub.matchedPositionalValue(0, List.of()), plain.paths(), "PATH...");
    } else {
      assertTrue(sub.matchedPositionals().isEmpty(), "no stage named");
      assertEquals(List.of(), plain.paths());
    }
    for (String notPlain : new String[] {"--force", "--dry", "--downstream", "--single-item"}) {
      assertFalse(sub.hasMatchedOption(notPlain), notPlain);
    }
    assertEquals(g.json(), plain.json(), "--json");
    assertEquals(g.quiet(), plain.quiet(), "-q");
    assertEquals(g.verbosity(), plain.verbosity(), "-v");
    assertEquals(g.debug(), plain.debug(), "--debug");
    assertEquals(g.workDir(), plain.workDir(), "-C");
    assertEquals(either(root, sub, "--no-color"), plain.noColor(), "--no-color");
    assertEquals(either(root, sub, "--no-progress"), plain.noProgress(), "--no-progress");
    assertEquals(plain.repro(), plain.command().equals("repro"));
    assertEquals((int) sub.matchedOptionValue("-j", 1), plain.jobs(), "-j");
    assertEquals(sub.hasMatchedOption("--check"), plain.check(), "--check");
    assertEquals(sub.hasMatchedOption("-k"), plain.keepGoing(), "-k");
    assertEquals(sub.hasMatchedOption("--no-run-cache"), plain.noRunCache(), "--no-run-cache");
  }

  private static boolean either(ParseResult root, ParseResult sub, String option) {
    return root.hasMatchedOption(option) || sub.hasMatchedOption(option);
  }

  static Stream<List<String>> otherLines() {
    return Stream.of(
        List.of(),
        List.of("add"),
        List.of("add", "-q"),
        List.of("add", "--", "x"),
        List.of("add", "-x", "y"),
        List.of("add", "x", "--help"),
        List.of("add", "x", "--check"),
        List.of("add", "x", "-j", "2"),
        List.of("add", "x", "-q", "-q"),
        List.of("x", "add"),
        List.of("status", "data"),
        List.of("status", "-r", "origin"),
        List.of("status", "--remote", "origin"),
        List.of("--check", "status"),
        List.of("repro", "--check"),
        List.of("status", "-j", "2"),
        List.of("status", "repro"),
        List.of("status", "--check", "--check"),
        List.of("repro", "train"),
        List.of("repro", "--force"),
        List.of("repro", "--dry"),
        List.of("repro", "--downstream", "x"),
        List.of("repro", "-s", "x"),
        List.of("repro", "--help"),
        List.of("repro", "-h"),
        List.of("repro", "repro"),
        // repeated single options: picocli's to refuse
        List.of("repro", "-q", "--quiet"),
        List.of("repro", "-j", "2", "--jobs", "3"),
        // values picocli judges
        List.of("repro", "-j", "0"),
        List.of("repro", "-j", "-1"),
        List.of("repro", "-j", "two"),
        List.of("repro", "-j"),
        List.of("repro", "--jobs=2"),
        List.of("repro", "-C"),
        List.of("-C", "-q", "repro"),
        List.of("repro", "-qv"),
        // options of repro before its name belong to the root, which has none of them
        List.of("-j", "2", "repro"),
        List.of("-k", "repro"),
        List.of("--no-run-cache", "repro"),
        // -v on both sides: picocli's own counting
        List.of("-v", "repro", "-v"),
        List.of("-C", "x"),
        List.of("--", "repro"));
  }

  @ParameterizedTest
  @MethodSource("otherLines")
  void otherLine_isLeftToPicocli(List<String> line) {
    assertNull(PlainCommand.parse(line.toArray(String[]::new)), () -> "read as plain: " + line);
  }

  @Test
  void plainRepro_outsideAProject_failsAsPicocliWould() {
    Cli.Result plain = Cli.in(tmp, "repro");
    Cli.Result picocli = Cli.in(tmp, "repro", "--force");
    assertEquals(3, plain.code(), plain::toString);
    assertEquals(picocli.err(), plain.err());
    assertTrue(plain.errorLine(3).startsWith("mlctl: error: not an mlctl project"), plain::toString);
  }

  @Test
  void plainStatus_answersAsPicocliDoes() throws IOException {
    Path repo = Cli.project(tmp.resolve("s"));
    Files.writeString(repo.resolve("a.txt"), "one\n");
    assertEquals(0, Cli.in(repo, "add", "-q", "a.txt").code());
    Cli.Result plain = Cli.in(repo, "status", "--json");
    Cli.Result picocli = Cli.in(repo, "status", "--json", "a.txt");
    assertEquals(picocli.json().get("data"), plain.json().get("data"));
    assertEquals(0, Cli.in(repo, "status", "--check").code());
    Files.writeString(repo.resolve("a.txt"), "two\n");
    Cli.Result changed = Cli.in(repo, "status", "--check", "--no-color");
    assertEquals(1, changed.code(), changed::toString);
    assertTrue(changed.out().contains("a.txt"), changed::toString);
    assertEquals(Cli.in(repo, "status", "a.txt").out(), Cli.in(repo, "status").out());
    Cli.Result outside = Cli.in(tmp, "status");
    assertEquals(Cli.in(tmp, "status", "x").err(), outside.err());
    assertEquals(3, outside.code());
  }

  @Test
  void plainAdd_answersAsPicocliDoes() throws IOException {
    Path repo = Cli.project(tmp.resolve("a"));
    Files.writeString(repo.resolve("a.txt"), "one\n");
    Files.createDirectories(repo.resolve("d"));
    Files.writeString(repo.resolve("d/b.txt"), "two\n");
    Cli.Result plain = Cli.in(repo, "add", "--json", "a.txt", "d");
    Cli.Result picocli = Cli.in(repo, "add", "--json", "--", "a.txt", "d");
    assertEquals(0, plain.code(), plain::toString);
    assertTrue(plain.json().get("added").get(0).get("changed").asBoolean(), plain::toString);
    assertFalse(picocli.json().get("added").get(0).get("changed").asBoolean(), picocli::toString);
    assertEquals(plain.json().get("stage"), picocli.json().get("stage"));
    assertEquals(Cli.in(repo, "add", "--", "a.txt").out(), Cli.in(repo, "add", "a.txt").out());

    Cli.Result missing = Cli.in(repo, "add", "nothing-here");
    assertEquals(Cli.in(repo, "add", "--", "nothing-here").err(), missing.err());
    assertEquals(3, missing.code(), missing::toString);
    Cli.Result outside = Cli.in(tmp, "add", "x");
    assertEquals(Cli.in(tmp, "add", "--", "x").err(), outside.err());
    assertEquals(3, outside.code());
  }

  @Test
  void plainRepro_withDebug_addsTheStackTrace() {
    Cli.Result r = Cli.in(tmp, "repro", "--debug");
    assertEquals(3, r.code(), r::toString);
    assertTrue(r.err().startsWith("mlctl: error: not an mlctl project"), r.err());
    assertTrue(r.err().contains("\tat io.mlctl."), r.err());
  }

  @Test
  void plainRepro_runsTheStagesAndReportsAFailureLikePicocli() throws IOException {
    Path repo = Cli.project(tmp.resolve("p"));
    Files.writeString(repo.resolve("mlctl.yaml"), """
        stages:
          ok:
            cmd: echo fine > out.txt
            outs: [out.txt]
          bad:
            cmd: exit 3
            deps: [out.txt]
        """);
    Cli.Result plain = Cli.in(repo, "repro", "--no-color");
    assertEquals(1, plain.code(), plain::toString);
    assertTrue(plain.out().contains("ok: $ echo fine > out.txt"), plain::toString);
    assertTrue(plain.out().contains("Stage 'ok' ran"), plain::toString);
    assertEquals("mlctl: error: stage 'bad' failed with exit status 3 (see .mlctl/logs/bad.log)\n", plain.err());
    assertEquals("fine\n", Files.readString(repo.resolve("out.txt")));

    // The same failure through picocli (a named stage is not a plain repro) reads the same.
    Cli.Result picocli = Cli.in(repo, "repro", "bad");
    assertEquals(1, picocli.code(), picocli::toString);
    assertEquals(plain.err(), picocli.err());

    Cli.Result quiet = Cli.in(repo, "repro", "-q", "-j", "2", "-k");
    assertEquals(1, quiet.code(), quiet::toString);
    assertEquals("", quiet.out());
  }
}
