package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Ls;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl ls}. Read-only. */
@Command(name = "ls", mixinStandardHelpOptions = true,
    description = "List tracked outputs with hash and size, in the work tree or at a Git revision.")
public final class LsCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "REV", description = "A Git revision (default: the work tree's pointers).")
  String rev;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    List<Ls.Entry> entries;
    try (Project project = out.openProject()) {
      entries = new Ls(new Workspace(project)).call(Optional.ofNullable(rev));
    }
    if (out.json()) {
      List<Map<String, Object>> doc = new ArrayList<>();
      for (Ls.Entry e : entries) {
        doc.add(Json.output(e.path(), e.output()));
      }
      out.json(doc);
      return ExitCodes.OK;
    }
    for (Ls.Entry e : entries) {
      String size = Json.bytes(e.output().size());
      String kind = e.output().dir() ? "dir " + Words.count(e.output().nfiles(), "file") : "file";
      out.println(String.format("%s  %10s  %-16s %s", e.output().sha256().substring(0, 12), size, kind, e.path()));
    }
    return ExitCodes.OK;
  }
}
