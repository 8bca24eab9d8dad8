package io.mlctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import io.mlctl.cli.help.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion scripts generated from the whole command tree ({@link CommandTree#full()}), so
 * they list exactly the commands and options mlctl has. Bash comes from picocli; zsh runs the bash
 * script through {@code bashcompinit}; fish, which picocli lacks, is written here. The scripts are
 * committed under {@code completions/}; a test keeps them in step with the tree.
 */
public final class Completions {
  private static final String NAME = "mlctl";

  private Completions() {}

  /** {@code completions/mlctl.bash}: source it, or drop it in a bash-completion folder. */
  public static String bash() {
    return AutoComplete.bash(NAME, tree());
  }

  /** {@code completions/_mlctl}: put its folder on {@code fpath} before {@code compinit}. */
  public static String zsh() {
    return "#compdef " + NAME + "\n"
        + "# zsh completion for mlctl: the bash completion run through zsh's bashcompinit.\n\n"
        + "autoload -U +X bashcompinit && bashcompinit\n\n"
        // The bash script aliases compopt, which zsh lacks; but when this file is autoloaded its
        // functions are parsed before that alias exists, so give them a harmless compopt here.
        + "compopt() { return 0; }\n\n"
        + bash()
        // Autoloaded from fpath, this file is the body of _mlctl on the first Tab: the lines above
        // only register the bash function, so complete this first Tab too.
        + "\nif [[ -n $ZSH_VERSION && ${funcstack[1]} == _" + NAME + " ]]; then\n"
        + "  _bash_complete -F _complete_" + NAME + " -o default\n"
        + "fi\n";
  }

  /** {@code completions/mlctl.fish}: copy it to {@code ~/.config/fish/completions/}. */
  public static String fish() {
    CommandLine root = tree();
    StringBuilder sb = new StringBuilder()
        .append("# fish completion for mlctl, generated from its command tree.\n")
        .append("# Copy to ~/.config/fish/completions/mlctl.fish.\n\n")
        .append("# No file names unless a command or option takes a path.\n")
        .append("complete -c ").append(NAME).append(" -f\n\n")
        .append("# Global options, accepted by every command.\n");
    Set<String> global = new LinkedHashSet<>();
    for (OptionSpec o : root.getCommandSpec().options()) {
      if (!o.hidden()) {
        global.addAll(List.of(o.names()));
        sb.append(fishOption(null, o));
      }
    }
    fishCommand(sb, root, List.of(), global);
    return sb.toString();
  }

  private static void fishCommand(StringBuilder sb, CommandLine cmd, List<String> path, Set<String> global) {
    List<CommandLine> subs = visibleSubcommands(cmd);
    String here = seen(path);
    String notInSub = subs.isEmpty() ? "" : "not __fish_seen_subcommand_from " + String.join(" ", names(subs));
    String cond = join(here, notInSub);
    StringBuilder own = new StringBuilder();
    if (!path.isEmpty()) {
      for (OptionSpec o : cmd.getCommandSpec().options()) {
        if (!o.hidden() && !global.contains(o.longestName())) {
          own.append(fishOption(cond, o));
        }
      }
      for (PositionalParamSpec p : cmd.getCommandSpec().positionalParameters()) {
        if (!p.hidden() && p.completionCandidates() != null) {
          List<String> values = new ArrayList<>();
          p.completionCandidates().forEach(values::add);
          own.append("complete -c ").append(NAME).append(" -n ").append(quote(cond)).append(" -x -a ")
              .append(quote(String.join(" ", values))).append('\n');
        }
      }
      if (takesPaths(cmd.getCommandSpec())) {
        own.append("complete -c ").append(NAME).append(" -n ").append(quote(cond)).append(" -F\n");
      }
      if (cmd.getCommandSpec().userObject() instanceof HelpCommand) {
        List<CommandLine> siblings = visibleSubcommands(cmd.getParent());
        siblings.remove(cmd);
        own.append("complete -c ").append(NAME).append(" -n ").append(quote(cond)).append(" -a ")
            .append(quote(String.join(" ", names(siblings)))).append('\n');
      }
    }
    if (own.length() > 0 || !subs.isEmpty()) {
      sb.append(path.isEmpty() ? "\n# Commands\n" : "\n# mlctl " + String.join(" ", path) + "\n").append(own);
    }
    for (CommandLine sub : subs) {
      sb.append("complete -c ").append(NAME).append(" -n ").append(quote(cond))
          .append(" -a ").append(sub.getCommandName())
          .append(" -d ").append(quote(summary(sub.getCommandSpec())))
          .append('\n');
    }
    for (CommandLine sub : subs) {
      List<String> next = new ArrayList<>(path);
      next.add(sub.getCommandName());
      fishCommand(sb, sub, next, global);
    }
  }

  private static String fishOption(String cond, OptionSpec o) {
    StringBuilder line = new StringBuilder("complete -c ").append(NAME);
    if (cond != null && !cond.isEmpty()) {
      line.append(" -n ").append(quote(cond));
    }
    for (String n : o.names()) {
      if (n.startsWith("--")) {
        line.append(" -l ").append(n.substring(2));
      } else if (n.length() == 2) {
        line.append(" -s ").append(n.charAt(1));
      } else {
        line.append(" -o ").append(n.substring(1));
      }
    }
    if (o.arity().max() > 0) {
      if (o.completionCandidates() != null) {
        List<String> values = new ArrayList<>();
        o.completionCandidates().forEach(values::add);
        line.append(" -x -a ").append(quote(String.join(" ", values)));
      } else if (isPath(o.type())) {
        line.append(" -r -F");
      } else {
        line.append(" -x");
      }
    }
    String d = describe(o.description());
    if (!d.isEmpty()) {
      line.append(" -d ").append(quote(d));
    }
    return line.append('\n').toString();
  }

  /** A fish condition: every command on the path was typed. */
  private static String seen(List<String> path) {
    List<String> parts = new ArrayList<>();
    for (String p : path) {
      parts.add("__fish_seen_subcommand_from " + p);
    }
    return String.join("; and ", parts);
  }

  private static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : a + "; and " + b;
  }

  private static boolean takesPaths(CommandSpec spec) {
    for (PositionalParamSpec p : spec.positionalParameters()) {
      String label = p.paramLabel().toUpperCase(Locale.ROOT);
      if (!p.hidden() && (isPath(p.type()) || isPath(p.auxiliaryTypes()[0])
          || label.contains("PATH") || label.contains("TARGET") || label.contains("FILE"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPath(Class<?> type) {
    return Path.class.isAssignableFrom(type) || java.io.File.class.equals(type);
  }

  private static List<CommandLine> visibleSubcommands(CommandLine cmd) {
    // Aliases map several names to one CommandLine: list each command once, by its own name.
    Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
    List<CommandLine> out = new ArrayList<>();
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (seen.put(sub, Boolean.TRUE) == null && !sub.getCommandSpec().usageMessage().hidden()) {
        out.add(sub);
      }
    }
    return out;
  }

  private static List<String> names(List<CommandLine> cmds) {
    List<String> out = new ArrayList<>();
    for (CommandLine c : cmds) {
      out.add(c.getCommandName());
      out.addAll(List.of(c.getCommandSpec().aliases()));
    }
    return out;
  }

  /** What a command's line in the help's command list says: its header, else its description. */
  private static String summary(CommandSpec spec) {
    String header = describe(spec.usageMessage().header());
    return header.isEmpty() ? describe(spec.usageMessage().description()) : header;
  }

  /** The first line of a description, without picocli's format markers. */
  private static String describe(String[] description) {
    if (description == null || description.length == 0) {
      return "";
    }
    return description[0].replace("%n", " ").strip();
  }

  /** A fish single-quoted string: only backslash and the quote itself are special. */
  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * The full tree, made safe to generate from. Options are re-added sorted by name: picocli lists
   * them in reflection order, which the JVM does not fix, and the committed scripts must not
   * change with the JDK. Repeatable flags ({@code -v -v}, a {@code boolean[]}) are re-declared as
   * plain flags: picocli's bash generator takes any non-boolean type for an option with a value,
   * and would complete nothing after {@code -v}. The tree is built for this call only.
   */
  private static CommandLine tree() {
    CommandLine root = CommandTree.full();
    normalise(root, new IdentityHashMap<>());
    return root;
  }

  private static void normalise(CommandLine cmd, Map<CommandLine, Boolean> done) {
    if (done.put(cmd, Boolean.TRUE) != null) {
      return;
    }
    CommandSpec spec = cmd.getCommandSpec();
    List<OptionSpec> options = new ArrayList<>(spec.options());
    options.sort(Comparator.comparing((OptionSpec o) -> bare(o).toLowerCase(Locale.ROOT))
        .thenComparing(Completions::bare));
    for (OptionSpec o : options) {
      spec.remove(o);
    }
    for (OptionSpec o : options) {
      spec.addOption(isRepeatableFlag(o) ? plainFlag(o) : OptionSpec.builder(o).build());
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      normalise(sub, done);
    }
  }

  private static String bare(OptionSpec o) {
    return o.shortestName().replaceFirst("^-+", "");
  }

  private static boolean isRepeatableFlag(OptionSpec o) {
    return o.arity().max() == 0 && o.type() != boolean.class && o.type() != Boolean.class;
  }

  private static OptionSpec plainFlag(OptionSpec o) {
    return OptionSpec.builder(o.names()).arity("0").type(boolean.class)
        .description(o.description()).hidden(o.hidden()).build();
  }
}
