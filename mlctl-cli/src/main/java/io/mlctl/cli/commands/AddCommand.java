package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.cli.TerminalProgress;
import io.mlctl.core.data.Add;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl add}. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Track files or directories: store their bytes in the cache and write PATH.mlctl pointers.")
public final class AddCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to track.")
  List<String> paths = new ArrayList<>();

  /** Where to write when the command runs without picocli ({@code PlainCommand}); null under picocli. */
  private Output output;

  /** An add set up without picocli's command model ({@code PlainCommand}). */
  public static AddCommand plain(Output output, List<String> paths) {
    AddCommand c = new AddCommand();
    c.output = output;
    c.paths = new ArrayList<>(paths);
    return c;
  }

  @Override
  public Integer call() {
    Output out = output != null ? output : Output.of(spec, global.globals());
    Add.Result r;
    try (Project project = out.openProject()) {
      r = new Add(new Workspace(project)).progress(TerminalProgress.of(out)).call(out.globals().workDir(), paths);
    }
    if (out.json()) {
      List<Map<String, Object>> added = new ArrayList<>();
      for (Add.Added a : r.added()) {
        Map<String, Object> m = Json.output(a.path(), a.output());
        m.put("pointer", a.pointer());
        m.put("changed", a.changed());
        m.put("hashed", a.hashed());
        added.add(m);
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("added", added);
      doc.put("stage", r.toStage());
      doc.put("staged", r.staged());
      out.json(doc);
      return ExitCodes.OK;
    }
    for (Add.Added a : r.added()) {
      String what = a.output().dir() ? Words.count(a.output().nfiles(), "file") + ", " + Json.bytes(a.output().size())
          : Json.bytes(a.output().size());
      out.println((a.changed() ? "Added " : "Unchanged ") + a.path() + " (" + what + ")");
    }
    if (r.staged()) {
      out.println("Staged " + String.join(" ", r.toStage()));
    } else {
      Words.gitAddHint(out, r.toStage());
    }
    return ExitCodes.OK;
  }
}
