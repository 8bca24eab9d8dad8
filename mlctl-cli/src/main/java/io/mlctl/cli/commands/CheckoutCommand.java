package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.cli.TerminalProgress;
import io.mlctl.core.data.Checkout;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl checkout}. */
@Command(name = "checkout", mixinStandardHelpOptions = true,
    description = "Make the work tree match the pointers (after 'git checkout', say).")
public final class CheckoutCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = {"-f", "--force"},
      description = "Overwrite modified files and remove files a tracked directory does not list.")
  boolean force;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Tracked paths (default: everything).")
  List<String> targets = new ArrayList<>();

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Checkout.Result r;
    try (Project project = out.openProject()) {
      r = new Checkout(new Workspace(project)).force(force).progress(TerminalProgress.of(out))
          .call(global.globals().workDir(), targets);
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("restored", r.restored());
      doc.put("unchanged", r.unchanged());
      doc.put("removed", r.removed());
      doc.put("conflicts", r.conflicts());
      doc.put("missing", r.missing());
      out.json(doc);
    } else {
      for (String p : r.restored()) {
        out.println("Restored " + p);
      }
      for (String p : r.removed()) {
        out.println("Removed " + p);
      }
    }
    for (String p : r.conflicts()) {
      out.error("checkout would overwrite modified '" + p + "'", "keep it with 'mlctl add', or discard it with --force");
    }
    for (String p : r.missing()) {
      out.error("'" + p + "' is not in the cache", "fetch it with 'mlctl pull'");
    }
    if (!r.conflicts().isEmpty()) {
      return ExitCodes.NO;
    }
    return r.missing().isEmpty() ? ExitCodes.OK : ExitCodes.IO;
  }
}
