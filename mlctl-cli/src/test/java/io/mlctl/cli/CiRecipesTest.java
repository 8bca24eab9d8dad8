package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.MlctlException;
import io.mlctl.core.registry.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The CI recipes under {@code examples/ci/} parse as YAML, do what the docs say they do, and every
 * mlctl command line in them is one mlctl's own parser accepts (nothing is run).
 */
class CiRecipesTest {
  private static Path recipe(String name) {
    return CompletionsUpToDateTest.repositoryRoot().resolve("examples/ci").resolve(name);
  }

  private static Object load(Path file) throws IOException {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
  }

  /**
   * Why mlctl would refuse this command line, or empty when it accepts it: picocli's parse of the
   * whole command tree, and each {@code --require} read as a promotion gate.
   */
  static Optional<String> accepts(List<String> args) {
    ParseResult parsed;
    try {
      parsed = CommandTree.full().setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      return Optional.of(e.getMessage());
    }
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    if (leaf == parsed) {
      return parsed.isVersionHelpRequested() || parsed.isUsageHelpRequested() ? Optional.empty() : Optional.of("no command");
    }
    for (String gate : leaf.matchedOptionValue("--require", List.<String>of())) {
      try {
        Requirement.parse(gate);
      } catch (MlctlException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  private static List<ShellCommands.Found> commands(String name) throws IOException {
    List<ShellCommands.Found> found = ShellCommands.inDocument(load(recipe(name)));
    assertTrue(found.size() >= 8, () -> name + " has only " + found);
    return found;
  }

  @Test
  void everyRecipe_isCheckedHere() throws IOException {
    try (Stream<Path> files = Files.list(recipe("").normalize())) {
      assertEquals(List.of("github-actions.yml", "gitlab-ci.yml"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void everyMlctlCommandLine_isAcceptedByMlctlsParser() throws IOException {
    List<String> refused = new ArrayList<>();
    for (String name : List.of("github-actions.yml", "gitlab-ci.yml")) {
      for (ShellCommands.Found f : commands(name)) {
        accepts(f.args()).ifPresent(why -> refused.add(name + " " + f + "\n    " + why));
      }
    }
    assertTrue(refused.isEmpty(), () -> "mlctl would refuse:\n" + String.join("\n", refused));
  }

  @Test
  void bothRecipes_pullReproCompareAndGateOnMetricsFairnessAndDrift() throws IOException {
    for (String name : List.of("github-actions.yml", "gitlab-ci.yml")) {
      List<String> lines = commands(name).stream().map(f -> String.join(" ", f.args())).toList();
      String all = String.join("\n", lines);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("pull -r ")), name);
      assertTrue(lines.contains("repro"), name);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("metrics diff --md ")), name);
      assertTrue(all.contains("drift --reference ") && all.contains("--fail-on-drift"), name);
      String promote = lines.stream().filter(l -> l.startsWith("models promote ")).findFirst().orElseThrow();
      assertTrue(promote.contains("--require accuracy>=") && promote.contains("--require fairness.demographic_parity_difference<="),
          name + ": " + promote);
      assertTrue(promote.contains("--evaluate ") && promote.contains("--slice "), name + ": " + promote);
    }
  }

  @Test
  void bothRecipes_installFromTheReleaseTarball_andPostTheDiff() throws IOException {
    String github = Files.readString(recipe("github-actions.yml"));
    String gitlab = Files.readString(recipe("gitlab-ci.yml"));
    for (String text : List.of(github, gitlab)) {
      assertTrue(text.contains("curl -fsSL \"$MLCTL_TARBALL_URL\" | tar -xz -C "), "installs the tarball");
      assertTrue(text.contains("--strip-components=1"), "the tarball's top folder is mlctl-<version>/");
    }
    assertTrue(github.contains("gh pr comment \"${{ github.event.pull_request.number }}\" --body-file report.md"));
    assertTrue(gitlab.contains("/merge_requests/$CI_MERGE_REQUEST_IID/notes"));
  }

  @Test
  void githubWorkflow_hasItsTriggersAndPermissions() throws IOException {
    @SuppressWarnings("unchecked")
    Map<Object, Object> wf = (Map<Object, Object>) load(recipe("github-actions.yml"));
    // YAML 1.1 reads the key `on` as true, as SnakeYAML does; GitHub reads it as the word
    Object on = wf.containsKey("on") ? wf.get("on") : wf.get(Boolean.TRUE);
    assertTrue(on instanceof Map<?, ?> m && m.containsKey("pull_request") && m.containsKey("push"), String.valueOf(on));
    assertEquals(Map.of("contents", "write", "pull-requests", "write"), wf.get("permissions"));
  }

  @Test
  void gitlabPipeline_namesOnlyStagesItDeclares() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> ci = (Map<String, Object>) load(recipe("gitlab-ci.yml"));
    List<?> stages = (List<?>) ci.get("stages");
    for (Map.Entry<String, Object> e : ci.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> job && job.containsKey("stage")) {
        assertTrue(stages.contains(job.get("stage")), e.getKey() + " is in an undeclared stage");
        assertEquals(".mlctl", job.get("extends"), e.getKey());
      }
    }
  }
}
