package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.repo.Init;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl init}. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Make this directory an mlctl project (creates .mlctl/config.yaml and .mlctl/.gitignore).")
public final class InitCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--no-git", description = "Allow a project outside a Git work tree.")
  boolean noGit;

  @Option(names = "--force", description = "Re-create the config and .gitignore of an existing project; keeps its data.")
  boolean force;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Init.Result r = new Init(global.globals().workDir()).noGit(noGit).force(force).call();
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("root", r.root().toString());
      doc.put("git", r.gitWorkTree().isPresent());
      doc.put("reinitialised", r.reinitialised());
      doc.put("files", r.filesToCommit());
      out.json(doc);
      return ExitCodes.OK;
    }
    out.println((r.reinitialised() ? "Re-initialised" : "Initialised") + " mlctl project in " + r.root());
    if (r.gitWorkTree().isPresent()) {
      out.println("To commit it:  git add " + String.join(" ", r.filesToCommit()) + " && git commit -m 'Initialise mlctl'");
    }
    return ExitCodes.OK;
  }
}
