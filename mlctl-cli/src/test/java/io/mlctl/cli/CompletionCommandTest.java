package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mlctl completion SHELL} prints the very scripts committed under {@code completions/}. */
class CompletionCommandTest {
  private static final Map<String, String> FILES = Map.of("bash", "mlctl.bash", "zsh", "_mlctl", "fish", "mlctl.fish");

  @Test
  void eachShell_printsItsCommittedScript() throws IOException {
    for (Map.Entry<String, String> e : FILES.entrySet()) {
      Cli.Result r = Cli.run("completion", e.getKey());

      assertEquals(0, r.code(), r::toString);
      assertEquals("", r.err());
      String committed = Files.readString(CompletionsUpToDateTest.repositoryRoot().resolve("completions").resolve(e.getValue()),
          StandardCharsets.UTF_8);
      assertEquals(committed, r.out(), e.getKey());
    }
  }

  @Test
  void theScriptsOfferTheCompletionCommandAndItsShells() {
    assertTrue(Cli.run("completion", "bash").out().contains("completion"));
    assertTrue(Cli.run("completion", "fish").out().contains("-a 'bash zsh fish'"), "fish offers the shell names");
  }

  @Test
  void json_holdsTheShellAndTheScript() {
    Cli.Result r = Cli.run("--json", "completion", "zsh");

    assertEquals("zsh", r.json().get("shell").asText());
    assertEquals(Completions.zsh(), r.json().get("script").asText());
  }

  @Test
  void anUnknownShell_isExit2_namingTheShellsThereAre() {
    String line = Cli.run("completion", "tcsh").errorLine(2);

    assertEquals("mlctl: error: unknown shell 'tcsh' (use one of bash, zsh, fish)", line);
  }

  @Test
  void noShell_isExit2() {
    Cli.Result r = Cli.run("completion");

    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith("mlctl: error: missing required parameter: 'SHELL'"), r.err());
  }
}
