package io.mlctl.cli;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.LockedException;
import io.mlctl.core.MlctlException;
import io.mlctl.core.NotAProjectException;
import io.mlctl.core.StorageException;
import io.mlctl.core.util.Spelling;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns outcomes into the contract's exit codes and errors into its one-line
 * {@code mlctl: error: WHAT (HINT)} form. Commands return {@link #OK} or {@link #NO}; everything
 * else arrives here as an exception.
 */
public final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
  public static final int OK = 0;
  /** The command ran and the answer is "no" (a failed stage or gate, damage found, changes found). */
  public static final int NO = 1;
  public static final int USAGE = 2;
  public static final int BAD_INPUT = 3;
  public static final int LOCKED = 4;
  public static final int IO = 5;

  private final Globals globals;

  ExitCodes(Globals globals) {
    this.globals = globals;
  }

  /** The exit code for a failure raised while a command ran. */
  static int of(Throwable e) {
    if (e instanceof BadArgumentException) {
      return USAGE;
    }
    if (e instanceof NotAProjectException || e instanceof BadInputException) {
      return BAD_INPUT;
    }
    if (e instanceof LockedException) {
      return LOCKED;
    }
    if (e instanceof StorageException || e instanceof UncheckedIOException) {
      return IO;
    }
    if (e instanceof MlctlException) {
      return IO;
    }
    return NO;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    return report(e, cmd.getErr());
  }

  /** Prints a failure raised while a command ran as the contract's error line; returns its exit code. */
  int report(Exception e, PrintWriter err) {
    if (e instanceof MlctlException m) {
      printError(err, m.getMessage(), m.hint().orElse(null));
    } else {
      printError(err, "unexpected " + e, "this is a bug in mlctl; rerun with --debug and report it");
    }
    if (globals.debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return of(e);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    if (e instanceof UnmatchedArgumentException u && isUnknownCommand(u)) {
      String word = u.getUnmatched().get(0);
      List<String> close = u.getSuggestions();
      printError(err, "unknown command '" + word + "'",
          close.isEmpty() ? "see 'mlctl --help'" : "did you mean '" + closest(word, close) + "'?");
    } else if (e instanceof UnmatchedArgumentException u && isUnknownOption(u)) {
      String word = optionName(u.getUnmatched().get(0));
      printError(err, "unknown option: '" + word + "'", optionHint(cmd, word, name));
    } else if (e instanceof MissingParameterException && firstUnknownOption(cmd) != null) {
      // A mistyped required option ('--lable') leaves the real one missing: the typo is the news.
      String word = optionName(firstUnknownOption(cmd));
      printError(err, "unknown option: '" + word + "'", optionHint(cmd, word, name));
    } else {
      printError(err, lowerFirst(e.getMessage()), "see '" + name + " --help'");
    }
    if (globals.debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return USAGE;
  }

  // picocli ranks suggestions by shared letter pairs, which puts 'stage' before 'status' for
  // 'stauts'; the fewest edits is what a person who mistyped means.
  static String closest(String word, List<String> candidates) {
    String best = candidates.get(0);
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = Spelling.distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  static void printError(PrintWriter err, String what, String hint) {
    String line = what.replace('\n', ' ').strip();
    err.println("mlctl: error: " + line + (hint == null ? "" : " (" + hint + ")"));
  }

  /**
   * The hint for an option the command lacks: the options it has that the word was most likely
   * meant to be (the ones it begins, or the nearest by edits); for a command that runs a command
   * line of its own ({@code stage add}), that its options go after {@code --}.
   */
  private static String optionHint(CommandLine cmd, String word, String name) {
    List<String> close = closeOptions(word, cmd.getCommandSpec());
    String hint = close.isEmpty() ? "see '" + name + " --help'"
        : "did you mean '" + String.join("' or '", close) + "'?";
    for (PositionalParamSpec p : cmd.getCommandSpec().positionalParameters()) {
      if (p.paramLabel().equals("CMD")) {
        hint += "; if it is an option of the command to run, put that command after '--'";
      }
    }
    return hint;
  }

  static List<String> closeOptions(String typed, CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        names.addAll(List.of(o.names()));
      }
    }
    if (typed.startsWith("--") && typed.length() >= 4) {
      List<String> longer = new ArrayList<>();
      for (String n : names) {
        if (n.startsWith(typed)) {
          longer.add(n);
        }
      }
      if (!longer.isEmpty()) {
        longer.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        return longer.subList(0, Math.min(2, longer.size()));
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d = Spelling.distance(typed, n);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    // Within two edits, and fewer than half the letters: '--jsn' is '--json', '--frobnicate' is nothing.
    int letters = typed.replaceFirst("^-+", "").length();
    return best != null && bestDistance <= 2 && bestDistance * 2 < letters ? List.of(best) : List.of();
  }

  /** The option a word names, without a value attached by '=': the value is not part of the mistake. */
  private static String optionName(String word) {
    return word.startsWith("--") && word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
  }

  private static String firstUnknownOption(CommandLine cmd) {
    for (String a : cmd.getUnmatchedArguments()) {
      if (a.startsWith("-") && !a.equals("-") && !a.equals("--")) {
        return a;
      }
    }
    return null;
  }

  private static boolean isUnknownOption(UnmatchedArgumentException u) {
    return !u.getUnmatched().isEmpty() && u.getUnmatched().get(0).startsWith("-")
        && !u.getUnmatched().get(0).equals("-") && !u.getUnmatched().get(0).equals("--");
  }

  private static boolean isUnknownCommand(UnmatchedArgumentException u) {
    CommandLine cmd = u.getCommandLine();
    return !cmd.getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-");
  }

  private static String lowerFirst(String s) {
    if (s == null || s.isEmpty()) {
      return "bad usage";
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
