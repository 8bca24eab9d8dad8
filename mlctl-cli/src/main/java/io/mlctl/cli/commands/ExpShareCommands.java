package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.exp.ExpBranch;
import io.mlctl.core.remote.ExperimentTransfer;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.remote.Transfer;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
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

/** {@code mlctl exp push|pull|branch}: runs leave the machine through the data remote, or become a Git branch. */
final class ExpShareCommands {
  private ExpShareCommands() {}

  /** The options exp push and pull share. */
  static final class Where {
    @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "The remote (default: core.remote).")
    String remote;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel transfers (default: suits the remote).")
    Integer jobs;

    @Parameters(paramLabel = "RUN", arity = "0..*", description = "Runs by id, id prefix or name (default: all).")
    List<String> runs = new ArrayList<>();
  }

  private static int move(Output out, Where where, boolean push) {
    ExperimentTransfer.Result r;
    String name;
    try (Project project = out.openProject()) {
      Remotes remotes = new Remotes(project);
      name = remotes.find(where.remote).name();
      try (RemoteStore store = remotes.open(name)) {
        if (where.jobs != null && where.jobs < 1) {
          throw new io.mlctl.core.BadArgumentException("-j must be at least 1", null);
        }
        int j = where.jobs != null ? where.jobs : remotes.jobs(name).orElse(store.defaultJobs());
        Workspace ws = new Workspace(project);
        Transfer transfer = new Transfer(ws, store, j).progress(io.mlctl.cli.TerminalProgress.of(out));
        try (RepoLock lock = project.lock()) {
          ExperimentTransfer t = new ExperimentTransfer(ws, store, j);
          r = push ? t.push(transfer, where.runs) : t.pull(transfer, where.runs);
        }
      }
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("remote", name);
      doc.put("runs", r.moved());
      doc.put("present", r.present());
      doc.put("skipped", r.skipped());
      doc.put("objects", r.objects().transferred());
      doc.put("bytes", r.objects().bytes());
      out.json(doc);
    } else {
      String verb = push ? "Pushed" : "Pulled";
      out.println(verb + " " + r.moved().size() + " run" + (r.moved().size() == 1 ? "" : "s") + " and "
          + r.objects().transferred() + " objects (" + Json.bytes(r.objects().bytes()) + "); " + r.present().size()
          + " run" + (r.present().size() == 1 ? "" : "s") + " already there.");
    }
    r.skipped().forEach(s -> out.note("mlctl: warning: " + s));
    return ExitCodes.OK;
  }

  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Send runs and the objects they name to a remote (experiments/ID.json beside the objects).")
  static final class Push implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @Override
    public Integer call() {
      return move(Output.of(spec, global.globals()), where, true);
    }
  }

  @Command(name = "pull", mixinStandardHelpOptions = true, description = "Bring runs and the objects they name from a remote.")
  static final class Pull implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @Override
    public Integer call() {
      return move(Output.of(spec, global.globals()), where, false);
    }
  }

  @Command(name = "branch", mixinStandardHelpOptions = true,
      description = {"Make a Git branch of a run, for a pull request.", "The branch's commit sits on the run's commit and holds its parameter files, mlctl.lock and Git-tracked outputs."})
  static final class Branch implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run: id, id prefix or name.")
    String run;

    @Parameters(index = "1", paramLabel = "NAME", description = "The new branch's name.")
    String branch;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      ExpBranch.Result r;
      try (Project project = out.openProject()) {
        r = new ExpBranch(project).call(run, branch);
      }
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", r.run().id());
        doc.put("branch", r.branch());
        doc.put("commit", r.commit());
        doc.put("files", r.files());
        out.json(doc);
      } else {
        out.println("Branch " + r.branch() + " (" + r.commit().substring(0, 7) + ") holds run " + r.run().label() + ": "
            + String.join(", ", r.files()) + ".");
      }
      return ExitCodes.OK;
    }
  }
}
