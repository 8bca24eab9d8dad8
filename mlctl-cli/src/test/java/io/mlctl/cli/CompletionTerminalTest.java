package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts as a person meets them: an interactive shell on a pseudo-terminal
 * ({@code script(1)}), keystrokes with Tab, and what the completed command line then ran with.
 * {@code mlctl} is a shell function there that prints its arguments, so what Tab inserted is what
 * the test reads. The project's remotes, stages, runs and models come from its files. Each shell's
 * test is skipped where that shell (or script) is not installed.
 */
class CompletionTerminalTest {
  private static final Pattern RAN = Pattern.compile("ARGS:([a-z][^|\\n]*)\\|");

  @TempDir
  Path tmp;

  Path repo;

  @BeforeEach
  void project() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(repo.resolve("data/raw.csv"), "a\n1\n");
    Files.writeString(repo.resolve("data/rest.csv"), "a\n2\n");
    Files.writeString(repo.resolve("mlctl.yaml"), "stages:\n  prepare:\n    cmd: echo p\n  train:\n    cmd: echo t\n");
    Files.createDirectories(repo.resolve(".mlctl/runs"));
    Files.writeString(repo.resolve(".mlctl/runs/4f2a9c1d.json"), "{}\n");
    // A run is named by its id or its name: the record as Jackson's printer writes it
    Files.writeString(repo.resolve(".mlctl/runs/7b3e0a2f.json"), "{\n  \"id\" : \"7b3e0a2f\",\n  \"name\" : \"brisk-lark\",\n"
        + "  \"params\" : {\n    \"name\" : \"not-a-run\"\n  }\n}\n");
    assertEquals(0, Cli.in(repo, "remote", "add", "storage", repo.resolveSibling("remote").toString(), "-q").code());
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      Files.write(repo.resolve("points.csv"), in.readAllBytes());
    }
    ok("train", "--data", "points.csv", "--label", "label", "-o", "m.model", "-q");
    ok("models", "register", "pts", "m.model", "-q");
    ok("models", "promote", "pts", "v1", "--alias", "production", "-q");
  }

  private void ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
  }

  /** Lines typed at the prompt, each ending in Tab then Enter; and what each should run. */
  private static final List<String[]> TYPED = List.of(
      new String[] {"mlctl add data/ra", "add data/raw.csv"},
      new String[] {"mlctl push -r st", "push -r storage"},
      new String[] {"mlctl train --algorithm random", "train --algorithm random-forest"},
      new String[] {"mlctl drift --method jensen", "drift --method jensenshannon"},
      new String[] {"mlctl exp show --sort-order de", "exp show --sort-order desc"},
      new String[] {"mlctl repro tr", "repro train"},
      new String[] {"mlctl exp apply 4f", "exp apply 4f2a9c1d"},
      new String[] {"mlctl exp diff bri", "exp diff brisk-lark"},
      new String[] {"mlctl models show pts@prod", "models show pts@production"},
      new String[] {"mlctl serve pts@v", "serve pts@v1"},
      new String[] {"mlctl config get remote.storage.reg", "config get remote.storage.region"},
      new String[] {"mlctl remote default sto", "remote default storage"},
      new String[] {"mlctl help exp ap", "help exp apply"});

  @Test
  void bash_completesPathsValuesAndProjectNames() throws Exception {
    assumeTrue(installed("bash") && installed("script"), "bash or script(1) is not installed");
    Path script = Files.writeString(tmp.resolve("mlctl.bash"), Completions.bash());
    String setup = "PS1='$ '; source '" + script + "'; mlctl() { printf 'ARGS:%s|\\n' \"$*\"; }";
    assertRan(run("bash --norc --noprofile -i", setup, TYPED), TYPED);
  }

  @Test
  void zsh_completesPathsValuesAndProjectNames() throws Exception {
    assumeTrue(installed("zsh") && installed("script"), "zsh or script(1) is not installed");
    Path dir = Files.createDirectories(tmp.resolve("zfunc"));
    Files.writeString(dir.resolve("_mlctl"), Completions.zsh());
    String setup = "PS1='$ '; fpath=('" + dir + "' $fpath); autoload -U compinit; compinit -u -D;"
        + " mlctl() { printf 'ARGS:%s|\\n' \"$*\"; }";
    assertRan(run("zsh -f -i", setup, TYPED), TYPED);
  }

  /**
   * fish on a terminal completes the path (the script must not turn file names off for every
   * command); the values are checked through {@code complete -C}, the completion a Tab asks for.
   */
  @Test
  void fish_completesPathsValuesAndProjectNames() throws Exception {
    assumeTrue(installed("fish") && installed("script"), "fish or script(1) is not installed");
    Path script = Files.writeString(tmp.resolve("mlctl.fish"), Completions.fish());
    assertTrue(!Completions.fish().contains("complete -c mlctl -f\n"), "no global -f");
    String setup = "function mlctl; echo ARGS:(string join ' ' $argv)'|'; end; source '" + script + "'";
    List<String[]> typed = List.of(TYPED.get(0), TYPED.get(8));
    assertRan(run("fish --no-config -i", setup, typed), typed);
    for (String[] t : TYPED.subList(0, TYPED.size() - 1)) {
      String prefix = t[0].substring(0, t[0].lastIndexOf(' ') + 1);
      String expected = t[1].substring(t[1].lastIndexOf(' ') + 1);
      ProcessBuilder pb = new ProcessBuilder("fish", "--no-config", "-c", "source $argv[1]; complete -C $argv[2]",
          script.toString(), t[0]).directory(repo.toFile()).redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      List<String> offered = new ArrayList<>();
      for (String line : out.split("\n")) {
        offered.add(line.split("\t")[0]);
      }
      assertTrue(offered.contains(expected) || offered.contains(prefix.strip() + expected), t[0] + " offered " + offered);
    }
  }

  /** Types the setup line, then each line with Tab and Enter, in an interactive shell on a pty. */
  private String run(String shell, String setup, List<String[]> typed) throws Exception {
    StringBuilder keys = new StringBuilder(setup).append('\n').append("echo ready\n");
    for (String[] t : typed) {
      keys.append(t[0]).append('\t').append('\n');
    }
    keys.append("exit\n");
    Process p = new ProcessBuilder("script", "-qfc", shell, "/dev/null").directory(repo.toFile())
        .redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(keys.toString().getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(shell + " did not exit:\n" + out);
    }
    return out;
  }

  private static void assertRan(String terminal, List<String[]> typed) {
    List<String> ran = new ArrayList<>();
    Matcher m = RAN.matcher(terminal);
    while (m.find()) {
      ran.add(m.group(1));
    }
    List<String> want = new ArrayList<>();
    for (String[] t : typed) {
      want.add(t[1]);
    }
    assertEquals(want, ran, () -> "the terminal showed:\n" + terminal.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", ""));
  }

  private static boolean installed(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
