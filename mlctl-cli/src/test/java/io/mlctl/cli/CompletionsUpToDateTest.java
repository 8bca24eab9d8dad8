package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The completion scripts committed under {@code completions/} must be what the current command
 * tree generates. With {@code -Dmlctl.updateCompletions=true} they are rewritten instead, and the
 * check is skipped rather than passed.
 */
class CompletionsUpToDateTest {
  static final String REGENERATE = "mvn -B -pl mlctl-cli -am test -Dtest=CompletionsUpToDateTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dmlctl.updateCompletions=true";

  private static final Map<String, Supplier<String>> FILES = new LinkedHashMap<>();

  static {
    FILES.put("mlctl.bash", Completions::bash);
    FILES.put("_mlctl", Completions::zsh);
    FILES.put("mlctl.fish", Completions::fish);
  }

  /** Surefire runs in the module's folder, so the repository root is its parent. */
  static Path repositoryRoot() {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    assertTrue(root != null && Files.isDirectory(root.resolve("mlctl-cli"))
        && Files.isRegularFile(root.resolve("pom.xml")), "not the repository root: " + root);
    return root;
  }

  /**
   * Not a check: run only with {@code -Dmlctl.updateCompletions=true}, it rewrites the scripts.
   * The check below is then skipped (reported as such), so an update run never counts as a pass.
   */
  @Test
  @EnabledIfSystemProperty(named = "mlctl.updateCompletions", matches = "true")
  void regenerate_committedCompletions() throws IOException {
    Path dir = repositoryRoot().resolve("completions");
    Files.createDirectories(dir);
    for (Map.Entry<String, Supplier<String>> e : FILES.entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue().get(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void committedCompletions_matchCommandTree() throws IOException {
    assumeFalse(Boolean.getBoolean("mlctl.updateCompletions"), "regenerating the completion scripts, not checking them");
    Path dir = repositoryRoot().resolve("completions");
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, Supplier<String>> e : FILES.entrySet()) {
      Path file = dir.resolve(e.getKey());
      String want = e.getValue().get();
      if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(want)) {
        stale.add("completions/" + e.getKey());
      }
    }
    if (!stale.isEmpty()) {
      fail("out of date with the command tree: " + String.join(", ", stale)
          + ". Regenerate the completion scripts from the repository root with:\n  " + REGENERATE);
    }
  }

  @Test
  void generators_areDeterministic() {
    for (Supplier<String> generator : FILES.values()) {
      String first = generator.get();
      if (!first.equals(generator.get())) {
        fail("two runs of the same generator differ");
      }
    }
  }

  @Test
  void everyTopLevelCommand_isInEveryScript() {
    for (Map.Entry<String, Supplier<String>> e : FILES.entrySet()) {
      String script = e.getValue().get();
      for (String command : CommandTree.full().getSubcommands().keySet()) {
        assertTrue(script.contains(command), e.getKey() + " lacks " + command);
      }
    }
  }
}
