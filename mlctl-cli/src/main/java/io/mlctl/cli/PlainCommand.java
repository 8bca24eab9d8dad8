package io.mlctl.cli;

import io.mlctl.cli.commands.AddCommand;
import io.mlctl.cli.commands.ReproCommand;
import io.mlctl.cli.commands.StatusCommand;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mlctl repro} of the whole pipeline, {@code mlctl status} of the whole project and
 * {@code mlctl add PATH...}, with only the everyday flags: the way CI jobs, scripts and people at
 * a prompt call them, many times a day. Such a command line is read here and run without picocli's command model, whose
 * reflection over annotations costs a cold JVM 50 to 100 ms, more than a no-op repro itself. Any
 * other command line, including one this class is unsure of (a repeated flag, {@code --jobs=2},
 * clustered short flags, {@code --help}, a target), returns null from {@link #parse} and goes
 * through picocli as before, which also gives every usage error. {@code PlainCommandTest} checks
 * that both readings agree.
 *
 * @param command {@code repro}, {@code status} or {@code add}
 * @param paths what {@code add} tracks (empty for the others)
 * @param directory {@code -C}'s folder, or null
 * @param verbosity how many {@code -v}
 */
record PlainCommand(String command, List<String> paths, Path directory, boolean json, boolean quiet, int verbosity, boolean noColor,
    boolean noProgress, boolean debug, int jobs, boolean keepGoing, boolean noRunCache, boolean check) {

  /** The reading of {@code args}, or null when picocli should read them. */
  static PlainCommand parse(String... args) {
    Set<String> seen = new HashSet<>();
    String command = null;
    Path directory = null;
    int jobs = 1;
    int verboseBefore = 0;
    int verboseAfter = 0;
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String flag = canonical(a);
      if (flag == null) {
        if (command == null && COMMAND_FLAGS.containsKey(a)) {
          command = a;
          continue;
        }
        // An add's paths; anything like an option ("--", "-x", "--help") is picocli's to read.
        if ("add".equals(command) && !a.isEmpty() && !a.startsWith("-")) {
          paths.add(a);
          continue;
        }
        return null;
      }
      if (flag.equals("-v")) {
        if (command != null) {
          verboseAfter++;
        } else {
          verboseBefore++;
        }
        continue;
      }
      boolean commandFlag = !GLOBAL_FLAGS.contains(flag);
      if (!seen.add(flag) || (commandFlag && (command == null || !COMMAND_FLAGS.get(command).contains(flag)))) {
        return null;
      }
      if (flag.equals("-C") || flag.equals("-j")) {
        if (i + 1 >= args.length) {
          return null;
        }
        String value = args[++i];
        if (value.startsWith("-")) {
          return null;
        }
        if (flag.equals("-C")) {
          directory = path(value);
          if (directory == null) {
            return null;
          }
        } else {
          jobs = positive(value);
          if (jobs < 1) {
            return null;
          }
        }
      }
    }
    // picocli gives each scope's -v to the run's globals in turn, so a later scope's count wins;
    // with -v on both sides of the command's name leave the arithmetic to picocli.
    if (command == null || (verboseBefore > 0 && verboseAfter > 0) || (command.equals("add") && paths.isEmpty())) {
      return null;
    }
    return new PlainCommand(command, List.copyOf(paths), directory, seen.contains("--json"), seen.contains("-q"),
        verboseBefore + verboseAfter, seen.contains("--no-color"), seen.contains("--no-progress"),
        seen.contains("--debug"), jobs, seen.contains("-k"), seen.contains("--no-run-cache"), seen.contains("--check"));
  }

  /** Whether this is a repro (whose no-op verdict can be prefetched). */
  boolean repro() {
    return command.equals("repro");
  }

  /** The folder the command runs in, for the prefetch of a repro's no-op verdict. */
  Path workDir() {
    Path cwd = Path.of(System.getProperty("user.dir"));
    return directory == null ? cwd : cwd.resolve(directory).normalize();
  }

  /** Runs the command as picocli would, with the same exit codes and errors. */
  int run(PrintWriter out, PrintWriter err, Map<String, String> env) {
    Globals g = new Globals(env);
    if (directory != null) {
      g.directory(directory);
    }
    g.json(json);
    g.quiet(quiet);
    g.verbosity(verbosity);
    g.noColor(noColor);
    g.noProgress(noProgress);
    g.debug(debug);
    try {
      Output output = Output.of(out, err, g);
      return switch (command) {
        case "repro" -> ReproCommand.plain(output, jobs, keepGoing, noRunCache).call();
        case "add" -> AddCommand.plain(output, paths).call();
        default -> StatusCommand.plain(output, check).call();
      };
    } catch (RuntimeException e) {
      return new ExitCodes(g).report(e, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The commands read here, each with the options only it takes (after its name, as picocli wants them). */
  private static final java.util.Map<String, Set<String>> COMMAND_FLAGS = java.util.Map.of(
      "repro", Set.of("-j", "-k", "--no-run-cache"),
      "status", Set.of("--check"),
      "add", Set.of());

  /** The options every command takes, before or after its name. */
  private static final Set<String> GLOBAL_FLAGS = Set.of("-C", "--json", "-q", "-v", "--no-color", "--no-progress",
      "--debug");

  /** A flag's one spelling, or null for anything this class leaves to picocli. */
  private static String canonical(String arg) {
    return switch (arg) {
      case "-C" -> "-C";
      case "--json" -> "--json";
      case "-q", "--quiet" -> "-q";
      case "-v", "--verbose" -> "-v";
      case "--no-color" -> "--no-color";
      case "--no-progress" -> "--no-progress";
      case "--debug" -> "--debug";
      case "-j", "--jobs" -> "-j";
      case "-k", "--keep-going" -> "-k";
      case "--no-run-cache" -> "--no-run-cache";
      case "--check" -> "--check";
      default -> null;
    };
  }

  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** A plain positive decimal number, or -1: anything else (a sign, 0x, spaces) is picocli's to judge. */
  private static int positive(String value) {
    if (value.isEmpty() || value.length() > 9) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -1;
      }
    }
    int n = Integer.parseInt(value);
    return n >= 1 ? n : -1;
  }
}
