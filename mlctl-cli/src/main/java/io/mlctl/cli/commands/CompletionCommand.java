package io.mlctl.cli.commands;

import io.mlctl.cli.Completions;
import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadArgumentException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlctl completion bash|zsh|fish}: prints the completion script that {@link Completions}
 * generates from the command tree, the same text as the files under {@code completions/}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print the shell completion script for bash, zsh or fish.",
        "Bash: source <(mlctl completion bash)",
        "Zsh: mlctl completion zsh > \"$${fpath[1]}/_mlctl\"",
        "Fish: mlctl completion fish > ~/.config/fish/completions/mlctl.fish"})
public final class CompletionCommand implements Callable<Integer> {
  /** The shells mlctl writes completions for, in the order messages list them. */
  static final Map<String, Supplier<String>> SHELLS = new LinkedHashMap<>();

  static {
    SHELLS.put("bash", Completions::bash);
    SHELLS.put("zsh", Completions::zsh);
    SHELLS.put("fish", Completions::fish);
  }

  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "SHELL", completionCandidates = ShellNames.class, description = "bash, zsh or fish.")
  String shell;

  @Override
  public Integer call() {
    Supplier<String> script = SHELLS.get(shell);
    if (script == null) {
      throw new BadArgumentException("unknown shell '" + shell + "'", "use one of " + String.join(", ", SHELLS.keySet()));
    }
    Output out = Output.of(spec, global.globals());
    String text = script.get();
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("shell", shell);
      doc.put("script", text);
      out.json(doc);
    } else {
      // print, not println: the script already ends with its own newline
      out.out().print(text);
    }
    return ExitCodes.OK;
  }

  /** The names offered when completing {@code mlctl completion <Tab>}. */
  static final class ShellNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("bash", "zsh", "fish").iterator();
    }
  }
}
