package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.metrics.MetricsDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl metrics show|diff}. Read-only. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Show or compare the metrics of the pipeline's files, flattened to dotted keys.",
    subcommands = {MetricsCommand.Show.class, MetricsCommand.Diff.class})
public final class MetricsCommand implements Callable<Integer> {
  private static final MetricsDiff.Kind KIND = MetricsDiff.Kind.METRICS;

  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the metrics of the work tree (or of --rev).")
  static final class Show implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Table.Format format;

    @Option(names = "--rev", paramLabel = "REV", description = "Read them at a Git revision instead of the work tree.")
    String rev;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to read instead of the ones mlctl.yaml declares.")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() {
      return ValueCommands.show(Output.of(spec, global.globals()), KIND, Optional.ofNullable(rev), targets, format);
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Compare the metrics of two Git revisions (default: HEAD and the work tree).")
  static final class Diff implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Table.Format format;

    @Option(names = "--all", description = "Also list the keys whose value did not change.")
    boolean all;

    @Option(names = "--targets", paramLabel = "FILE", split = ",", description = "Files to compare instead of the declared ones.")
    List<String> targets = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "REV_A", description = "Default HEAD.")
    String revA;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REV_B", description = "Default: the work tree.")
    String revB;

    @Override
    public Integer call() {
      return ValueCommands.diff(Output.of(spec, global.globals()), KIND, revA, revB, targets, all, format);
    }
  }
}
