package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.core.metrics.MetricsDiff;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlctl params show|diff}. Read-only. */
@Command(name = "params", mixinStandardHelpOptions = true,
    description = "Show or compare the parameters of the pipeline's files, flattened to dotted keys.",
    subcommands = {ParamsCommand.Show.class, ParamsCommand.Diff.class})
public final class ParamsCommand implements Callable<Integer> {
  private static final MetricsDiff.Kind KIND = MetricsDiff.Kind.PARAMS;

  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the parameters of the work tree (or of --rev).")
  static final class Show extends ValueCommands.ShowCommand {
    @Override
    MetricsDiff.Kind kind() {
      return KIND;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Compare the parameters of two Git revisions (default: HEAD and the work tree).")
  static final class Diff extends ValueCommands.DiffCommand {
    @Override
    MetricsDiff.Kind kind() {
      return KIND;
    }
  }
}
