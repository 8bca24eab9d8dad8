package io.mlctl.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes mlctl's bash completion (zsh runs it through bashcompinit). The command tree becomes
 * three {@code case} functions (subcommands, options, what each option's value and each argument
 * completes to); one function walks the words typed so far. Paths complete to file names,
 * enumerated options to their values, and remotes, stages, runs and models are read from the
 * project's own files at each Tab (awk over YAML, a folder listing), never by starting Java.
 * Plain {@code case} and no associative arrays, so the same text runs in bash 4 and zsh.
 */
final class BashCompletion {
  /** A run record's name, from the line Jackson's printer writes for it (runs are named by id or name). */
  static final String RUN_NAME = "s/^  \"name\" : \"\\([^\"]*\\)\",\\{0,1\\}$/\\1/p";

  private BashCompletion() {}

  static String script(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    collect(root, all, new IdentityHashMap<>());
    StringBuilder subs = new StringBuilder();
    StringBuilder opts = new StringBuilder();
    StringBuilder kinds = new StringBuilder();
    StringBuilder args = new StringBuilder();
    for (CommandLine cmd : all) {
      CommandSpec spec = cmd.getCommandSpec();
      String path = io.mlctl.cli.help.HelpLayout.path(spec);
      List<String> names = new ArrayList<>();
      for (CommandLine sub : cmd.getSubcommands().values()) {
        if (!sub.getCommandSpec().usageMessage().hidden() && !names.contains(sub.getCommandName())) {
          names.add(sub.getCommandName());
        }
      }
      if (!names.isEmpty()) {
        subs.append("    ").append(quote(path)).append(") echo ").append(quote(String.join(" ", names))).append(" ;;\n");
      }
      List<String> flags = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        if (o.hidden()) {
          continue;
        }
        flags.addAll(List.of(o.names()));
        if (o.arity().max() > 0) {
          String kind = Completions.optionKind(path, o);
          for (String n : o.names()) {
            kinds.append("    ").append(quote(path + "|" + n)).append(") echo ").append(quote(kind.isEmpty() ? "none" : kind))
                .append(" ;;\n");
          }
        }
      }
      opts.append("    ").append(quote(path)).append(") echo ").append(quote(String.join(" ", flags))).append(" ;;\n");
      StringBuilder perIndex = new StringBuilder();
      for (PositionalParamSpec p : spec.positionalParameters()) {
        String kind = Completions.positionalKind(path, p);
        if (p.hidden() || kind.isEmpty()) {
          continue;
        }
        int min = p.index().min();
        int max = p.index().isUnspecified() || p.index().max() == Integer.MAX_VALUE || p.arity().max() > 1 ? 9999 : p.index().max();
        perIndex.append("      if (( $2 >= ").append(min).append(" && $2 <= ").append(max).append(" )); then echo ")
            .append(quote(kind)).append("; return; fi\n");
      }
      if (perIndex.length() > 0) {
        args.append("    ").append(quote(path)).append(")\n").append(perIndex).append("      ;;\n");
      }
    }
    return "# bash completion for mlctl, generated from its command tree (zsh runs it too).\n"
        + "# Source it, or put it in a bash-completion folder. Remotes, stages, runs and models are\n"
        + "# read from the project's files at each Tab, without starting Java.\n\n"
        + "_mlctl_subcommands() {\n  case $1 in\n" + subs + "  esac\n}\n\n"
        + "_mlctl_options() {\n  case $1 in\n" + opts + "  esac\n}\n\n"
        + "# What an option's value completes to (\"none\": a value, but nothing to offer).\n"
        + "_mlctl_option_kind() {\n  case $1 in\n" + kinds + "  esac\n}\n\n"
        + "# What the argument at index $2 (from 0) of command $1 completes to.\n"
        + "_mlctl_argument_kind() {\n  case $1 in\n" + args + "  esac\n}\n\n"
        + "# The project's root: $1 (the -C folder) or the working folder, or a folder above with .mlctl/.\n"
        + "_mlctl_root() {\n"
        + "  local d\n"
        + "  d=$(cd -- \"${1:-.}\" 2>/dev/null && pwd) || return 1\n"
        + "  while [[ $d != / && ! -d $d/.mlctl ]]; do d=$(dirname -- \"$d\"); done\n"
        + "  [[ -d $d/.mlctl ]] && printf '%s\\n' \"$d\"\n"
        + "}\n\n"
        + "_mlctl_awk='" + Completions.AWK + "'\n\n"
        + "# The values of a kind read from the project at $2: remote, stage, run, model, ref, configkey.\n"
        + "_mlctl_values() {\n"
        + "  local root f r\n"
        + "  root=$(_mlctl_root \"$2\") || return 0\n"
        + "  case $1 in\n"
        + "    remote) awk -v kind=remote \"$_mlctl_awk\" \"$root/.mlctl/config.yaml\" \"$root/.mlctl/config.local.yaml\" 2>/dev/null | sort -u ;;\n"
        + "    stage) awk -v kind=stage \"$_mlctl_awk\" \"$root/mlctl.yaml\" 2>/dev/null ;;\n"
        + "    model|ref) for f in \"$root\"/.mlctl/registry/*.yaml; do [[ -e $f ]] && awk -v kind=\"$1\" \"$_mlctl_awk\" \"$f\"; done ;;\n"
        + "    run) for f in \"$root\"/.mlctl/runs/*.json; do [[ -e $f ]] && { f=${f##*/}; printf '%s\\n' \"${f%.json}\"; }; done\n"
        + "      sed -n '" + RUN_NAME + "' \"$root\"/.mlctl/runs/*.json 2>/dev/null ;;\n"
        + "    configkey)\n"
        + "      printf '%s\\n' " + String.join(" ", Completions.staticConfigKeys()) + "\n"
        + "      for r in $(_mlctl_values remote \"$2\"); do\n"
        + "        printf \"remote.$r.%s\\n\" " + String.join(" ", Completions.remoteConfigSuffixes()) + "\n"
        + "      done ;;\n"
        + "  esac\n"
        + "}\n\n"
        + "# Sets COMPREPLY to what $2 completes to as a value of kind $1, in the project at $3\n"
        + "# ('command': a subcommand of the command the arguments $4 name, for 'mlctl help').\n"
        + "_mlctl_reply() {\n"
        + "  local IFS=$'\\n'\n"
        + "  case $1 in\n"
        + "    none) COMPREPLY=() ;;\n"
        + "    command) IFS=$' \\t\\n'; COMPREPLY=( $(compgen -W \"$(_mlctl_subcommands \"$4\")\" -- \"$2\") ) ;;\n"
        + "    file) compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -f -- \"$2\") ) ;;\n"
        + "    dir) compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -d -- \"$2\") ) ;;\n"
        + "    ref) compopt -o filenames 2>/dev/null\n"
        + "      COMPREPLY=( $(compgen -W \"$(_mlctl_values ref \"$3\")\" -- \"$2\") $(compgen -f -- \"$2\") ) ;;\n"
        + "    words:*) IFS=$' \\t\\n'; COMPREPLY=( $(compgen -W \"${1#words:}\" -- \"$2\") ) ;;\n"
        + "    *) COMPREPLY=( $(compgen -W \"$(_mlctl_values \"$1\" \"$3\")\" -- \"$2\") ) ;;\n"
        + "  esac\n"
        + "}\n\n"
        + "_complete_mlctl() {\n"
        + "  # Under zsh's bashcompinit: arrays from 0 and words split, as in bash. ('path' would be zsh's PATH.)\n"
        + "  [[ -n ${ZSH_VERSION-} ]] && setopt localoptions ksharrays shwordsplit\n"
        + "  local -a words\n"
        + "  local cword cur prev cmd='' dir='' w kind i n=0 ended=0 inline='' line args=''\n"
        + "  COMPREPLY=()\n"
        + "  if [[ -n ${BASH_VERSION-} && -n ${COMP_LINE-} && -n ${COMP_POINT-} ]]; then\n"
        + "    # Words split at spaces only: bash's own split breaks NAME@ALIAS and --opt=value apart.\n"
        + "    line=${COMP_LINE:0:COMP_POINT}\n"
        + "    read -ra words <<< \"$line\"\n"
        + "    [[ -z $line || $line == *[[:space:]] ]] && words+=('')\n"
        + "    cword=$(( ${#words[@]} - 1 ))\n"
        + "  else\n"
        + "    words=(\"${COMP_WORDS[@]}\")\n"
        + "    cword=$COMP_CWORD\n"
        + "  fi\n"
        + "  cur=${words[cword]}\n"
        + "  prev=${words[cword-1]}\n"
        + "  if [[ $cur == --*=* ]]; then inline=${cur%%=*}=; prev=${cur%%=*}; cur=${cur#*=}; fi\n"
        + "  for (( i = 1; i < cword; i++ )); do\n"
        + "    w=${words[i]}\n"
        + "    if (( ended )) || [[ $w != -* ]]; then\n"
        + "      if (( n == 0 && ! ended )) && [[ \" $(_mlctl_subcommands \"$cmd\") \" == *\" $w \"* ]]; then\n"
        + "        cmd=${cmd:+$cmd }$w\n"
        + "      else\n"
        + "        n=$(( n + 1 ))\n"
        + "        args=${args:+$args }$w\n"
        + "      fi\n"
        + "    elif [[ $w == -- ]]; then\n"
        + "      ended=1\n"
        + "    elif [[ $w != *=* && -n $(_mlctl_option_kind \"$cmd|$w\") ]]; then\n"
        + "      # An option with its value in the next word: skip the value.\n"
        + "      [[ $w == -C ]] && dir=${words[i+1]}\n"
        + "      i=$(( i + 1 ))\n"
        + "    fi\n"
        + "  done\n"
        + "  if (( ! ended )) && [[ $prev == -* ]] && [[ -n $inline || $cword -gt 1 ]]; then\n"
        + "    kind=$(_mlctl_option_kind \"$cmd|$prev\")\n"
        + "    [[ -n $kind ]] && _mlctl_reply \"$kind\" \"$cur\" \"$dir\"\n"
        + "  fi\n"
        + "  if [[ -z $kind ]]; then\n"
        + "    if (( ! ended )) && [[ $cur == -* ]]; then\n"
        + "      COMPREPLY=( $(compgen -W \"$(_mlctl_options \"$cmd\")\" -- \"$cur\") )\n"
        + "    elif (( n == 0 && ! ended )) && [[ -n $(_mlctl_subcommands \"$cmd\") ]]; then\n"
        + "      COMPREPLY=( $(compgen -W \"$(_mlctl_subcommands \"$cmd\")\" -- \"$cur\") )\n"
        + "    else\n"
        + "      kind=$(_mlctl_argument_kind \"$cmd\" \"$n\")\n"
        + "      [[ -n $kind ]] && _mlctl_reply \"$kind\" \"$cur\" \"$dir\" \"$args\"\n"
        + "    fi\n"
        + "  fi\n"
        + "  # bash replaces only what follows the last '=', '@' or ':' of the word: drop what precedes it.\n"
        + "  local typed=$inline$cur drop\n"
        + "  if [[ -n ${BASH_VERSION-} ]]; then\n"
        + "    drop=$(( ${#typed} - ${#COMP_WORDS[COMP_CWORD]} ))\n"
        + "    # readline keeps an '@' in the word it replaces (it is one of its special prefixes).\n"
        + "    (( drop > 0 )) && [[ ${typed:$(( drop - 1 )):1} == @ ]] && drop=$(( drop - 1 ))\n"
        + "  else\n"
        + "    drop=0\n"
        + "  fi\n"
        + "  for (( i = 0; i < ${#COMPREPLY[@]}; i++ )); do\n"
        + "    w=$inline${COMPREPLY[i]}\n"
        + "    COMPREPLY[i]=${w:$drop}\n"
        + "  done\n"
        + "  return 0\n"
        + "}\n\n"
        + "complete -F _complete_mlctl mlctl\n";
  }

  private static void collect(CommandLine cmd, List<CommandLine> out, Map<CommandLine, Boolean> seen) {
    if (seen.put(cmd, Boolean.TRUE) != null || cmd.getCommandSpec().usageMessage().hidden()) {
      return;
    }
    out.add(cmd);
    for (CommandLine sub : cmd.getSubcommands().values()) {
      collect(sub, out, seen);
    }
  }

  /** A single-quoted shell word. */
  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
