package io.mlctl.cli.help;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code mlctl help [COMMAND [SUBCOMMAND...]]}: the help of the command the words name, as its
 * {@code --help} prints it. picocli's own help command takes one word, so {@code mlctl help exp
 * run} showed {@code exp}'s help.
 */
@Command(name = "help", helpCommand = true,
    description = {"Show the help of a command: 'mlctl help exp run' is 'mlctl exp run --help'.",
        "Without a command, the list of commands."})
public final class HelpCommand implements IHelpCommandInitializable2, Runnable {
  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "A command and its subcommands, e.g. 'models promote'.")
  List<String> words = new ArrayList<>();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  private CommandLine self;
  private ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter outWriter, PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String word : words) {
      CommandLine sub = target.getSubcommands().get(word);
      if (sub == null) {
        throw new UnmatchedArgumentException(target, List.of(word));
      }
      target = sub;
    }
    target.usage(out, colors);
    out.flush();
  }
}
