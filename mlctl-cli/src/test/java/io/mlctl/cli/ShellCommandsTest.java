package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ShellCommands}: finding mlctl command lines in CI scripts, and telling a bad one from a good one. */
class ShellCommandsTest {
  private static List<List<String>> found(String script) {
    return ShellCommands.mlctlCommands(script);
  }

  @Test
  void operatorsRedirectionsAndAssignments_separateCommands_andAreNotArguments() {
    assertEquals(List.of(List.of("repro", "-j", "2"), List.of("status", "--json"), List.of("push")),
        found("cd repo && mlctl repro -j 2 | tee log; FOO=1 mlctl status --json > out.json 2>&1\nmlctl push &> /dev/null || exit 1"));
  }

  @Test
  void quotesAreRemoved_variablesAndGithubExpressionsStayAsWritten() {
    assertEquals(List.of(List.of("models", "promote", "m", "$V", "--to", "prod", "--require", "accuracy>=0.9",
            "origin/${{ github.base_ref }}")),
        found("mlctl models promote m \"$V\" --to prod --require 'accuracy>=0.9' \"origin/${{ github.base_ref }}\""));
  }

  @Test
  void continuationsCommentsKeywordsAndSubstitutions() {
    String script = """
        # mlctl gc: a comment, not a command
        if mlctl -q models show "m@production"; then
          mlctl drift --reference m@production \\
            --current data/test.csv --fail-on-drift  # trailing comment
        fi
        V=$(mlctl --json models list)
        /opt/mlctl/bin/mlctl doctor
        echo "mlctl repro is only text here"
        """;
    assertEquals(List.of(
        List.of("-q", "models", "show", "m@production"),
        List.of("drift", "--reference", "m@production", "--current", "data/test.csv", "--fail-on-drift"),
        List.of("--json", "models", "list"),
        List.of("doctor")), found(script));
  }

  @Test
  void yamlScripts_areFoundUnderRunAndScriptKeys_withWhereTheyAre() {
    Map<String, Object> doc = Map.of(
        "jobs", Map.of("a", Map.of("steps", List.of(Map.of("name", "mlctl repro", "run", "mlctl repro")))),
        "job", Map.of("script", List.of("mlctl pull -r storage", "echo done"), "before_script", List.of("mlctl doctor")));

    List<String> all = ShellCommands.inDocument(doc).stream().map(ShellCommands.Found::toString).sorted().toList();

    assertEquals(List.of("job.before_script[0]: mlctl doctor", "job.script[0]: mlctl pull -r storage",
        "jobs.a.steps[0].run: mlctl repro"), all);
  }

  @Test
  void anUnclosedQuote_isAnError() {
    assertThrows(IllegalArgumentException.class, () -> found("mlctl repro 'oops"));
  }

  @Test
  void aDeliberatelyWrongLine_failsTheParserCheck_andTheRightOnePasses() {
    for (String wrong : List.of("mlctl metrics diff --markdown main", "mlctl repro --jobs", "mlctl reproduce",
        "mlctl models promote m v1 --require 'accuracy>=0.9'", "mlctl completion bash zsh")) {
      List<String> args = found(wrong).get(0);
      assertFalse(CiRecipesTest.accepts(args).isEmpty(), () -> wrong + " should be refused");
    }
    for (String right : List.of("mlctl metrics diff --md main", "mlctl repro --jobs 2",
        "mlctl models promote m v1 --to production --require 'accuracy>=0.9'", "mlctl completion bash")) {
      assertTrue(CiRecipesTest.accepts(found(right).get(0)).isEmpty(), right);
    }
  }
}
