package io.mlctl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every mlctl command takes. Mixed into each command; whichever command's copy
 * receives an option, the value lands in the one {@link Globals} of the run, held by the root.
 */
public final class GlobalOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  /** The run's globals, shared by the root command and whichever subcommand runs. */
  public Globals globals() {
    return ((MlctlCommand) mixee.root().userObject()).globals();
  }

  @Option(names = "-C", paramLabel = "DIR", description = "Run as if mlctl was started in DIR.")
  void directory(Path dir) {
    globals().directory(dir);
  }

  @Option(names = "--json", description = "Print one JSON document on stdout and nothing else.")
  void json(boolean v) {
    globals().json(v);
  }

  @Option(names = {"-q", "--quiet"}, description = "Print only errors.")
  void quiet(boolean v) {
    globals().quiet(v);
  }

  @Option(names = {"-v", "--verbose"}, description = "Say more; repeat for even more.")
  void verbose(boolean[] v) {
    // picocli hands a multi-value setter everything seen so far, so take the length.
    globals().verbosity(v.length);
  }

  @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set).")
  void noColor(boolean v) {
    globals().noColor(v);
  }

  @Option(names = "--no-progress", description = "No progress bars (none in CI or off a terminal anyway).")
  void noProgress(boolean v) {
    globals().noProgress(v);
  }

  @Option(names = "--debug", description = "Print stack traces with errors (also MLCTL_DEBUG=1).")
  void debug(boolean v) {
    globals().debug(v);
  }
}
