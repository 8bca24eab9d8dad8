package io.mlctl.cli.commands;

import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlctl push}. */
@Command(name = "push", mixinStandardHelpOptions = true, description = "Send the cached objects of the targets that the remote lacks.")
public final class PushCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Mixin
  TransferOptions opts;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    try (Project project = out.openProject()) {
      return opts.run(out, project, new Workspace(project), global.globals().workDir(), TransferOptions.Direction.PUSH);
    }
  }
}
