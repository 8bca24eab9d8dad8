package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.cli.TerminalProgress;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.remote.Transfer;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.util.List;
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
      Workspace ws = new Workspace(project);
      Remotes remotes = new Remotes(project);
      String name = remotes.find(opts.remote).name();
      int code;
      try (RemoteStore store = remotes.open(name)) {
        List<Workspace.Target> targets = Transfer.targets(ws, global.globals().workDir(), opts.targets);
        Transfer.Result r;
        try (RepoLock lock = project.lock()) {
          r = new Transfer(ws, store, opts.jobsFor(remotes, store)).progress(TerminalProgress.of(out)).push(targets);
        }
        code = TransferOptions.report(out, "Pushed", name, r);
      }
      return code;
    }
  }
}
