package io.mlctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes mlctl's fish completion from the command tree ({@link Completions} says what each
 * option and argument completes to). File names are offered only where a command takes paths;
 * remotes, stages, runs and models come from the project's files through a fish function that
 * runs the same awk program as the bash script.
 */
final class FishCompletion {
  private FishCompletion() {}

  static String script(CommandLine root) {
    StringBuilder sb = new StringBuilder()
        .append("# fish completion for mlctl, generated from its command tree.\n")
        .append("# Copy to ~/.config/fish/completions/mlctl.fish. Remotes, stages, runs and models are read\n")
        .append("# from the project's files at each Tab, without starting Java.\n\n")
        .append(fishValuesFunction())
        .append("\n# Global options, accepted by every command.\n");
    Set<String> global = new LinkedHashSet<>();
    for (OptionSpec o : root.getCommandSpec().options()) {
      if (!o.hidden()) {
        global.addAll(List.of(o.names()));
        sb.append(fishOption(null, "", o));
      }
    }
    fishCommand(sb, root, List.of(), global);
    return sb.toString();
  }

  private static String fishValuesFunction() {
    return "function __mlctl_values --description 'mlctl project values of one kind'\n"
        + "    set -l dir .\n"
        + "    set -l words (commandline -opc)\n"
        + "    set -l at (contains -i -- -C $words)\n"
        + "    and set dir $words[(math $at + 1)]\n"
        + "    set dir (realpath -- $dir 2>/dev/null; or echo $dir)\n"
        + "    while test \"$dir\" != / -a ! -d \"$dir/.mlctl\"\n"
        + "        set dir (dirname -- $dir)\n"
        + "    end\n"
        + "    test -d \"$dir/.mlctl\"; or return\n"
        + "    switch $argv[1]\n"
        + "        case remote\n"
        + "            awk -v kind=remote " + Completions.quote(Completions.AWK) + " $dir/.mlctl/config.yaml $dir/.mlctl/config.local.yaml 2>/dev/null | sort -u\n"
        + "        case stage\n"
        + "            awk -v kind=stage " + Completions.quote(Completions.AWK) + " $dir/mlctl.yaml 2>/dev/null\n"
        + "        case model ref\n"
        + "            awk -v kind=$argv[1] " + Completions.quote(Completions.AWK) + " $dir/.mlctl/registry/*.yaml 2>/dev/null\n"
        + "        case run\n"
        + "            for f in $dir/.mlctl/runs/*.json\n"
        + "                basename -- $f .json\n"
        + "            end\n"
        + "            sed -n " + Completions.quote(BashCompletion.RUN_NAME) + " $dir/.mlctl/runs/*.json 2>/dev/null\n"
        + "        case configkey\n"
        + "            printf '%s\\n' " + String.join(" ", Completions.staticConfigKeys()) + "\n"
        + "            for r in (__mlctl_values remote)\n"
        + "                printf \"remote.$r.%s\\n\" " + String.join(" ", Completions.remoteConfigSuffixes()) + "\n"
        + "            end\n"
        + "    end\n"
        + "end\n";
  }

  private static void fishCommand(StringBuilder sb, CommandLine cmd, List<String> path, Set<String> global) {
    List<CommandLine> subs = Completions.visibleSubcommands(cmd);
    String here = seen(path);
    String notInSub = subs.isEmpty() ? "" : "not __fish_seen_subcommand_from " + String.join(" ", Completions.names(subs));
    String cond = join(here, notInSub);
    if (path.isEmpty()) {
      cond = "__fish_use_subcommand";
    }
    String commandPath = String.join(" ", path);
    StringBuilder own = new StringBuilder();
    if (!path.isEmpty()) {
      for (OptionSpec o : cmd.getCommandSpec().options()) {
        if (!o.hidden() && !global.contains(o.longestName())) {
          own.append(fishOption(cond, commandPath, o));
        }
      }
    }
    // What the words after the command complete to: files only where the command takes paths.
    String kind = path.isEmpty() ? "" : Completions.positionalKind(commandPath, cmd.getCommandSpec());
    String line = "complete -c " + Completions.NAME + " -n " + Completions.quote(cond);
    if (!subs.isEmpty() || kind.isEmpty()) {
      own.append(line).append(" -f\n");
    } else if (kind.equals("file")) {
      own.append(line).append(" -F\n");
    } else if (kind.equals("ref")) {
      own.append(line).append(" -F -a '(__mlctl_values ref)'\n");
    } else {
      own.append(line).append(" -f -a ").append(Completions.quote(fishValues(kind))).append('\n');
    }
    sb.append(path.isEmpty() ? "\n# Commands\n" : "\n# mlctl " + commandPath + "\n").append(own);
    for (CommandLine sub : subs) {
      sb.append("complete -c ").append(Completions.NAME).append(" -n ").append(Completions.quote(cond))
          .append(" -a ").append(sub.getCommandName())
          .append(" -d ").append(Completions.quote(Completions.summary(sub.getCommandSpec())))
          .append('\n');
    }
    for (CommandLine sub : subs) {
      List<String> next = new ArrayList<>(path);
      next.add(sub.getCommandName());
      fishCommand(sb, sub, next, global);
    }
  }

  /** A fish {@code -a} argument for a kind of value: a word list, or a call that reads the project. */
  private static String fishValues(String kind) {
    if (kind.equals("command")) {
      return String.join(" ", CommandTree.names());
    }
    if (kind.startsWith("words:")) {
      return kind.substring("words:".length());
    }
    if (kind.equals("dir")) {
      return "(__fish_complete_directories)";
    }
    return "(__mlctl_values " + kind + ")";
  }

  private static String fishOption(String cond, String path, OptionSpec o) {
    StringBuilder line = new StringBuilder("complete -c ").append(Completions.NAME);
    if (cond != null && !cond.isEmpty()) {
      line.append(" -n ").append(Completions.quote(cond));
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
      String kind = Completions.optionKind(path, o);
      if (kind.equals("file")) {
        line.append(" -r -F");
      } else if (kind.equals("ref")) {
        line.append(" -r -F -a '(__mlctl_values ref)'");
      } else if (kind.isEmpty()) {
        line.append(" -x");
      } else {
        line.append(" -x -a ").append(Completions.quote(fishValues(kind)));
      }
    }
    String d = Completions.describe(o.description());
    if (!d.isEmpty()) {
      line.append(" -d ").append(Completions.quote(d));
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

}
