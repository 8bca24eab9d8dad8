package io.mlctl.cli;

import io.mlctl.cli.commands.AddCommand;
import io.mlctl.cli.commands.DataCommand;
import io.mlctl.cli.commands.DriftCommand;
import io.mlctl.cli.commands.EvaluateCommand;
import io.mlctl.cli.commands.ExplainCommand;
import io.mlctl.cli.commands.ModelsCommand;
import io.mlctl.cli.commands.PredictCommand;
import io.mlctl.cli.commands.SchemaCommand;
import io.mlctl.cli.commands.ValidateCommand;
import io.mlctl.cli.commands.ServeCommand;
import io.mlctl.cli.commands.TrainCommand;
import io.mlctl.cli.commands.DagCommand;
import io.mlctl.cli.commands.ReproCommand;
import io.mlctl.cli.commands.StageCommand;
import io.mlctl.cli.commands.CheckoutCommand;
import io.mlctl.cli.commands.CompletionCommand;
import io.mlctl.cli.commands.DoctorCommand;
import io.mlctl.cli.commands.ConfigCommand;
import io.mlctl.cli.commands.DiffCommand;
import io.mlctl.cli.commands.FsckCommand;
import io.mlctl.cli.commands.ImportDvcCommand;
import io.mlctl.cli.commands.GcCommand;
import io.mlctl.cli.commands.LsCommand;
import io.mlctl.cli.commands.UnprotectCommand;
import io.mlctl.cli.commands.FsmonitorCommand;
import io.mlctl.cli.commands.RemoteCommand;
import io.mlctl.cli.commands.PushCommand;
import io.mlctl.cli.commands.PullCommand;
import io.mlctl.cli.commands.FetchCommand;
import io.mlctl.cli.commands.InitCommand;
import io.mlctl.cli.commands.LineageCommand;
import io.mlctl.cli.commands.StatusCommand;
import io.mlctl.cli.commands.MetricsCommand;
import io.mlctl.cli.commands.ParamsCommand;
import io.mlctl.cli.commands.ExpCommand;
import io.mlctl.cli.commands.LogCommand;
import io.mlctl.cli.commands.PlotsCommand;
import io.mlctl.cli.help.HelpCommand;
import io.mlctl.cli.help.HelpLayout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Builds the picocli command model. Building the model of every command costs more than a whole
 * short command should (reflection over each class's annotations), so a run builds the root and
 * the one subcommand its arguments name; the whole tree is built only for help, completion
 * scripts, man pages and unknown commands.
 */
public final class CommandTree {
  /** Top-level command names, in the order help lists them. */
  private static final List<String> NAMES = List.of(
      "init", "config", "status", "add", "checkout", "diff", "ls", "gc", "fsck", "unprotect", "fsmonitor", "remote", "push", "pull", "fetch",
      "repro", "dag", "stage", "metrics", "params", "exp", "log", "plots", "data", "train", "evaluate", "predict",
      "models", "explain", "serve", "drift", "schema", "validate", "lineage", "import-dvc", "doctor", "completion", "help");

  /**
   * A new instance of a top-level command. A switch rather than a map of constructor references:
   * each reference is a lambda class to spin up at start, and one naming an old-format picocli
   * class cannot come from the class-data sharing archive.
   */
  private static Object create(String name) {
    switch (name) {
      case "init": return new InitCommand();
      case "config": return new ConfigCommand();
      case "status": return new StatusCommand();
      case "add": return new AddCommand();
      case "checkout": return new CheckoutCommand();
      case "diff": return new DiffCommand();
      case "ls": return new LsCommand();
      case "gc": return new GcCommand();
      case "fsck": return new FsckCommand();
      case "unprotect": return new UnprotectCommand();
      case "fsmonitor": return new FsmonitorCommand();
      case "remote": return new RemoteCommand();
      case "push": return new PushCommand();
      case "pull": return new PullCommand();
      case "fetch": return new FetchCommand();
      case "repro": return new ReproCommand();
      case "dag": return new DagCommand();
      case "stage": return new StageCommand();
      case "metrics": return new MetricsCommand();
      case "params": return new ParamsCommand();
      case "exp": return new ExpCommand();
      case "log": return new LogCommand();
      case "plots": return new PlotsCommand();
      case "data": return new DataCommand();
      case "train": return new TrainCommand();
      case "evaluate": return new EvaluateCommand();
      case "predict": return new PredictCommand();
      case "models": return new ModelsCommand();
      case "drift": return new DriftCommand();
      case "schema": return new SchemaCommand();
      case "validate": return new ValidateCommand();
      case "lineage": return new LineageCommand();
      case "serve": return new ServeCommand();
      case "explain": return new ExplainCommand();
      case "import-dvc": return new ImportDvcCommand();
      case "doctor": return new DoctorCommand();
      case "completion": return new CompletionCommand();
      case "help": return new HelpCommand();
      default: throw new IllegalArgumentException(name);
    }
  }

  /** The top-level command names, in the order help lists them. */
  public static List<String> names() {
    return NAMES;
  }

  /** Global options that take a value, so the value is not taken for a command name. */
  private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-C");

  private CommandTree() {}

  /** The model needed to run {@code args}. */
  static CommandLine forArgs(Globals globals, String... args) {
    String name = commandName(args);
    CommandLine root = new CommandLine(new MlctlCommand(globals));
    if (name != null && NAMES.contains(name) && !name.equals("help")) {
      root.addSubcommand(name, create(name));
      return HelpLayout.attach(root);
    }
    if (name == null && args.length > 0 && !wantsHelp(args)) {
      return HelpLayout.attach(root);
    }
    return HelpLayout.attach(addAll(root));
  }

  /** The whole command tree: for help, completions and man pages. */
  public static CommandLine full() {
    return HelpLayout.attach(addAll(new CommandLine(new MlctlCommand(new Globals(Map.of())))));
  }

  private static CommandLine addAll(CommandLine root) {
    for (String name : NAMES) {
      root.addSubcommand(name, create(name));
    }
    return root;
  }

  /** The first word that is neither an option nor an option's value. */
  static String commandName(String... args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        return i + 1 < args.length ? args[i + 1] : null;
      }
      if (OPTIONS_WITH_VALUE.contains(a)) {
        i++;
        continue;
      }
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  private static boolean wantsHelp(String... args) {
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        return true;
      }
    }
    return false;
  }
}
