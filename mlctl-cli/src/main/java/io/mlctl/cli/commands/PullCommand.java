package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.cli.TerminalProgress;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlctl pull}. */
@Command(name = "pull", mixinStandardHelpOptions = true, description = "Fetch, then check out: make the work tree match the pointers with data from the remote.")
public final class PullCommand implements Callable<Integer> {
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
      int code = opts.run(out, project, ws, global.globals().workDir(), TransferOptions.Direction.FETCH);
      // The fetch just hashed every object it stored: checkout need not hash them again.
      ws.store().trustVerifiedHere(true);
      io.mlctl.core.data.Checkout.Result c = new io.mlctl.core.data.Checkout(ws).progress(TerminalProgress.of(out))
          .call(global.globals().workDir(), opts.targets);
      if (!out.json()) {
        out.println("Checked out " + Words.count(c.restored().size(), "file") + "; " + c.unchanged() + " already matched.");
      }
      for (String p : c.conflicts()) {
        out.error("checkout would overwrite modified '" + p + "'", "keep it with 'mlctl add', or discard it with 'mlctl checkout --force'");
      }
      if (!c.conflicts().isEmpty()) {
        return ExitCodes.NO;
      }
      return code;
    }
  }
}
