package io.mlctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import io.mlctl.core.drift.Method;
import io.mlctl.core.model.Algorithm;
import io.mlctl.core.repo.ConfigKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion scripts generated from the whole command tree ({@link CommandTree#full()}), so
 * they list exactly the commands and options mlctl has: {@link BashCompletion} writes bash's (zsh
 * runs it through {@code bashcompinit}), {@link FishCompletion} fish's. This class says what each
 * option and argument completes to. The scripts are committed under {@code completions/}; a test
 * keeps them in step with the tree.
 */
public final class Completions {
  static final String NAME = "mlctl";

  private Completions() {}

  /** {@code completions/mlctl.bash}: source it, or drop it in a bash-completion folder. */
  public static String bash() {
    return BashCompletion.script(tree());
  }

  /** {@code completions/_mlctl}: put its folder on {@code fpath} before {@code compinit}. */
  public static String zsh() {
    return "#compdef " + NAME + "\n"
        + "# zsh completion for mlctl: the bash completion run through zsh's bashcompinit.\n\n"
        + "autoload -U +X bashcompinit && bashcompinit\n\n"
        // The bash script calls compopt, which zsh lacks; but when this file is autoloaded its
        // functions are parsed before any alias exists, so give them a harmless compopt here.
        + "compopt() { return 0; }\n\n"
        + bash()
        // Autoloaded from fpath, this file is the body of _mlctl on the first Tab: the lines above
        // only register the bash function, so complete this first Tab too.
        + "\nif [[ -n $ZSH_VERSION && ${funcstack[1]} == _" + NAME + " ]]; then\n"
        + "  _bash_complete -F _complete_" + NAME + "\n"
        + "fi\n";
  }

  /** {@code completions/mlctl.fish}: copy it to {@code ~/.config/fish/completions/}. */
  public static String fish() {
    return FishCompletion.script(tree());
  }

  /** The values of every kind the scripts read from a project, by an awk program shared by bash and fish. */
  static final String AWK = awkProgram();

  private static String awkProgram() {
    try (java.io.InputStream in = Completions.class.getResourceAsStream("completion-values.awk")) {
      StringBuilder b = new StringBuilder();
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          b.append(line.strip()).append('\n');
        }
      }
      return b.toString();
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("completion-values.awk is missing from mlctl's jar", e);
    }
  }

  /** Config keys that name no remote, for {@code config get|set|unset KEY}. */
  static List<String> staticConfigKeys() {
    List<String> keys = new ArrayList<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (!k.pattern().contains("*")) {
        keys.add(k.pattern());
      }
    }
    return keys;
  }

  /** What follows {@code remote.NAME.} in a config key. */
  static List<String> remoteConfigSuffixes() {
    List<String> keys = new ArrayList<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (k.pattern().startsWith("remote.*.")) {
        keys.add(k.pattern().substring("remote.*.".length()));
      }
    }
    return keys;
  }

  /**
   * What an option's value completes to: {@code file}, {@code dir}, {@code ref} (a model file or
   * a registered NAME@ALIAS), {@code remote}, {@code words:A B C}, or "" for nothing to offer.
   */
  static String optionKind(String path, OptionSpec o) {
    if (o.arity().max() == 0) {
      return "";
    }
    List<String> names = List.of(o.names());
    if (o.completionCandidates() != null) {
      List<String> values = new ArrayList<>();
      o.completionCandidates().forEach(values::add);
      return "words:" + String.join(" ", values);
    }
    if (names.contains("--algorithm")) {
      List<String> ids = new ArrayList<>();
      for (Algorithm a : Algorithm.values()) {
        ids.add(a.id());
      }
      return "words:" + String.join(" ", ids);
    }
    if (names.contains("--task")) {
      return "words:classification regression";
    }
    if (names.contains("--method")) {
      List<String> ids = new ArrayList<>();
      for (Method m : Method.values()) {
        ids.add(m.id());
      }
      return "words:" + String.join(" ", ids);
    }
    if (names.contains("--sort-order")) {
      return "words:asc desc";
    }
    if (names.contains("-r") || names.contains("--remote")) {
      return "remote";
    }
    if (names.contains("-C") || names.contains("--wdir")) {
      return "dir";
    }
    String label = o.paramLabel().toUpperCase(Locale.ROOT);
    if (label.contains("REF")) {
      return "ref";
    }
    if (isPath(o.type()) || label.matches(".*(FILE|CSV|JSON|MODEL|PATH|OUT|DEP|PLOT|METRIC|LOG|HTML|DIR).*")) {
      return "file";
    }
    return "";
  }

  /** What the arguments after a command complete to, as {@link #optionKind}; "" for nothing. */
  static String positionalKind(String path, CommandSpec spec) {
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        String kind = positionalKind(path, p);
        if (!kind.isEmpty()) {
          return kind;
        }
      }
    }
    return "";
  }

  static String positionalKind(String path, PositionalParamSpec p) {
    if (p.completionCandidates() != null) {
      List<String> values = new ArrayList<>();
      p.completionCandidates().forEach(values::add);
      return "words:" + String.join(" ", values);
    }
    String label = p.paramLabel().toUpperCase(Locale.ROOT);
    String command = path.split(" ")[0];
    switch (label) {
      case "STAGE":
      case "STAGE...":
        return "stage";
      case "RUN":
      case "RUN_A":
      case "RUN_B":
        return "run";
      case "REF":
        return "ref";
      case "COMMAND":
        return "command";
      case "KEY":
        if (command.equals("config")) {
          return "configkey";
        }
        return path.equals("remote modify") ? "words:url " + String.join(" ", remoteConfigSuffixes()) : "";
      case "NAME":
        if (command.equals("remote") && !path.equals("remote add")) {
          return "remote";
        }
        return command.equals("models") && !path.equals("models register") ? "model" : "";
      default:
        break;
    }
    if (isPath(p.type()) || isPath(p.auxiliaryTypes()[0])
        || label.matches(".*(PATH|TARGET|FILE|DATA|CSV|CMD).*") || label.equals("IN")) {
      return "file";
    }
    return "";
  }

  private static boolean isPath(Class<?> type) {
    return Path.class.isAssignableFrom(type) || java.io.File.class.equals(type);
  }

  static List<CommandLine> visibleSubcommands(CommandLine cmd) {
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

  static List<String> names(List<CommandLine> cmds) {
    List<String> out = new ArrayList<>();
    for (CommandLine c : cmds) {
      out.add(c.getCommandName());
      out.addAll(List.of(c.getCommandSpec().aliases()));
    }
    return out;
  }

  /** What a command's line in the help's command list says: its header, else its description. */
  static String summary(CommandSpec spec) {
    String header = describe(spec.usageMessage().header());
    return header.isEmpty() ? describe(spec.usageMessage().description()) : header;
  }

  /** The first line of a description, without picocli's format markers. */
  static String describe(String[] description) {
    if (description == null || description.length == 0) {
      return "";
    }
    return description[0].replace("%n", " ").strip();
  }

  /** A fish single-quoted string: only backslash and the quote itself are special. */
  static String quote(String s) {
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
