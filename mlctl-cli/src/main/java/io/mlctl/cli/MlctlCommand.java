package io.mlctl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command. Its subcommands are registered by {@link CommandTree}, only as needed. */
@Command(name = "mlctl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Version data and models beside Git, run pipelines, track experiments, serve models.",
    synopsisSubcommandLabel = "COMMAND",
    footer = "Run 'mlctl help COMMAND' (or 'mlctl COMMAND --help') for a command's options and examples.")
public final class MlctlCommand implements Callable<Integer> {
  private final Globals globals;

  @Mixin
  GlobalOptions options;

  @Spec
  CommandSpec spec;

  public MlctlCommand(Globals globals) {
    this.globals = globals;
  }

  Globals globals() {
    return globals;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
