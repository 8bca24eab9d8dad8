package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Unprotect;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl unprotect}. */
@Command(name = "unprotect", mixinStandardHelpOptions = true,
    description = "Replace hard- or symlinked tracked files with writable copies, to edit them.")
public final class UnprotectCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "TARGET", arity = "1..*", description = "Tracked files, or tracked directories to unprotect whole.")
  List<String> targets = new ArrayList<>();

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    List<String> done;
    try (Project project = out.openProject()) {
      done = new Unprotect(new Workspace(project)).call(global.globals().workDir(), targets);
    }
    if (out.json()) {
      out.json(Map.of("unprotected", done));
    } else {
      done.forEach(p -> out.println("Unprotected " + p));
    }
    return ExitCodes.OK;
  }
}
