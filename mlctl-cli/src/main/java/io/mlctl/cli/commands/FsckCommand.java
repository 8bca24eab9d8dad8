package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.cli.TerminalProgress;
import io.mlctl.core.BadInputException;
import io.mlctl.core.data.Fsck;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl fsck}. Read-only. */
@Command(name = "fsck", mixinStandardHelpOptions = true,
    description = "Re-hash every cached object and name the damaged ones (exit 1 when any is).")
public final class FsckCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--repair", description = "Fetch damaged objects again from the default remote.")
  boolean repair;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Fsck.Result r;
    try (Project project = out.openProject()) {
      if (repair && project.config().remoteNames().isEmpty()) {
        throw new BadInputException("fsck --repair needs a remote to fetch from, and none is configured",
            "add one with 'mlctl remote add NAME URL'");
      }
      Workspace ws = new Workspace(project);
      r = new Fsck(ws).progress(TerminalProgress.of(out)).call();
      if (repair && !r.ok()) {
        io.mlctl.core.remote.Remotes remotes = new io.mlctl.core.remote.Remotes(project);
        String name = remotes.find(null).name();
        try (io.mlctl.core.remote.RemoteStore store = remotes.open(name);
             io.mlctl.core.repo.RepoLock lock = project.lock()) {
          io.mlctl.core.remote.Transfer.Result fixed = new io.mlctl.core.remote.Transfer(ws, store, 1)
              .fetchObjects(r.damaged());
          List<String> still = fixed.missing();
          for (String h : r.damaged()) {
            if (!still.contains(h)) {
              out.println("Repaired " + h + " from remote '" + name + "'");
            }
          }
          r = new Fsck.Result(r.checked(), still);
        }
      }
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("checked", r.checked());
      doc.put("damaged", r.damaged());
      out.json(doc);
    } else if (r.ok()) {
      out.println("Checked " + Words.count(r.checked(), "object") + ": all intact.");
    }
    for (String h : r.damaged()) {
      out.error("object " + h + " is damaged (its bytes no longer hash to its name)",
          "re-add the data it held, or fetch it again from a remote");
    }
    return r.ok() ? ExitCodes.OK : ExitCodes.NO;
  }
}
