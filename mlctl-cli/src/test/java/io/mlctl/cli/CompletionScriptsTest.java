package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated completion scripts parse in their shells and complete; skipped where a shell is missing. */
class CompletionScriptsTest {
  @TempDir
  Path tmp;

  private static boolean installed(String shell) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, shell))) {
        return true;
      }
    }
    return false;
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** Runs a shell command line and returns stdout, failing on a non-zero exit. */
  private static String sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + List.of(command));
    }
    assertEquals(0, p.exitValue(), () -> List.of(command) + " failed; stdout:\n" + out);
    return out;
  }

  @Test
  void bash_parsesAndCompletesSubcommands() throws Exception {
    assumeTrue(installed("bash"), "bash is not installed");
    Path script = write("mlctl.bash", Completions.bash());
    sh("bash", "-n", script.toString());
    String out = sh("bash", "-c", "source \"$1\"; "
        + "COMP_WORDS=(mlctl config ''); COMP_CWORD=2; COMP_LINE='mlctl config '; "
        + "_complete_mlctl; echo \"${COMPREPLY[*]}\"", "x", script.toString());
    assertEquals("get set unset list\n", out);
  }

  @Test
  void bash_completesCommandsAfterRepeatableFlag() throws Exception {
    assumeTrue(installed("bash"), "bash is not installed");
    Path script = write("mlctl.bash", Completions.bash());
    String out = sh("bash", "-c", "source \"$1\"; "
        + "COMP_WORDS=(mlctl -v stat); COMP_CWORD=2; COMP_LINE='mlctl -v stat'; "
        + "_complete_mlctl 2>/dev/null; echo \"${COMPREPLY[*]}\"", "x", script.toString());
    assertEquals("status\n", out);
  }

  @Test
  void zsh_parsesAndRegistersCompletion() throws Exception {
    assumeTrue(installed("zsh"), "zsh is not installed");
    Path script = write("_mlctl", Completions.zsh());
    sh("zsh", "-n", script.toString());
    String out = sh("zsh", "-f", "-c", "autoload -U compinit && compinit -u -D; source \"$1\"; "
        + "COMP_WORDS=(mlctl config ''); COMP_CWORD=2; COMP_LINE='mlctl config '; "
        + "_complete_mlctl; echo \"${COMPREPLY[*]}\"", "x", script.toString());
    assertEquals("get set unset list\n", out);
  }

  @Test
  void fish_parsesAndCompletesSubcommandsAndOptions() throws Exception {
    assumeTrue(installed("fish"), "fish is not installed");
    Path script = write("mlctl.fish", Completions.fish());
    sh("fish", "--no-execute", script.toString());
    String subs = sh("fish", "--no-config", "-c", "source $argv[1]; complete -C 'mlctl config '", script.toString());
    assertEquals(List.of("get", "list", "set", "unset"), firstColumn(subs));
    String opts = sh("fish", "--no-config", "-c", "source $argv[1]; complete -C 'mlctl init --no-'", script.toString());
    assertEquals(List.of("--no-color", "--no-git", "--no-progress"), firstColumn(opts));
  }

  private static List<String> firstColumn(String completions) {
    List<String> out = new ArrayList<>();
    for (String line : completions.split("\n")) {
      if (!line.isBlank()) {
        out.add(line.split("\t")[0]);
      }
    }
    return out;
  }
}
