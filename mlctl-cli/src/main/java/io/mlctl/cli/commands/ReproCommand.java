package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.exp.RecordedRepro;
import io.mlctl.core.pipeline.Repro;
import io.mlctl.core.pipeline.ReproResult;
import io.mlctl.core.repo.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl repro}. Takes the write lock unless {@code --dry}. */
@Command(name = "repro", mixinStandardHelpOptions = true,
    description = "Run the pipeline's stale stages, each after the stages it depends on.")
public final class ReproCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Run the stages even when they are up to date.")
  boolean force;

  @Option(names = "--dry", description = "Only show what would run.")
  boolean dry;

  @Option(names = "--downstream", description = "Run the named stages and the stages that depend on them.")
  boolean downstream;

  @Option(names = {"-s", "--single-item"}, description = "Run only the named stages, not the stages they depend on.")
  boolean singleItem;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Run up to N independent stages at once (default 1).")
  int jobs = 1;

  @Option(names = {"-k", "--keep-going"}, description = "After a failure, still run the stages that do not depend on it.")
  boolean keepGoing;

  @Option(names = "--no-run-cache", description = "Always run stale stages, never restore their outputs from a past run.")
  boolean noRunCache;

  @Parameters(paramLabel = "STAGE", arity = "0..*", description = "Stages to bring up to date (with what they depend on); default all.")
  List<String> stages = new ArrayList<>();

  /** Where to write when the command runs without picocli ({@link #plain}); null under picocli. */
  private Output output;

  /**
   * A repro of the whole pipeline set up without picocli's command model, for a command line
   * that {@code PlainCommand} has read (only these options and the global ones).
   */
  public static ReproCommand plain(Output output, int jobs, boolean keepGoing, boolean noRunCache) {
    ReproCommand c = new ReproCommand();
    c.output = output;
    c.jobs = jobs;
    c.keepGoing = keepGoing;
    c.noRunCache = noRunCache;
    return c;
  }

  @Override
  public Integer call() {
    if (jobs < 1) {
      throw new io.mlctl.core.BadArgumentException("-j must be at least 1", null);
    }
    Output out = output != null ? output : Output.of(spec, global.globals());
    // Stage output is the command's progress, not its answer: on stderr when the answer is JSON.
    Consumer<String> lines = out.json() ? line -> print(out.err(), line, out) : line -> print(out.out(), line, out);
    RecordedRepro.Result recorded;
    try (Project project = out.openProject()) {
      recorded = new RecordedRepro(project).call(
          new Repro.Options(stages, force, dry, downstream, jobs, keepGoing, noRunCache, lines, singleItem));
    }
    ReproResult r = recorded.repro();
    recorded.notes().forEach(n -> out.note("mlctl: warning: " + n));
    if (out.json()) {
      Map<String, Object> doc = new java.util.LinkedHashMap<>();
      doc.put("stages", toJson(r));
      recorded.run().ifPresent(run -> doc.put("run", run.id()));
      out.json(doc);
    } else {
      render(out, r);
      recorded.run().ifPresent(run -> out.println("Recorded run " + run.label() + " (" + run.id() + ", "
          + run.status() + ")."));
    }
    for (ReproResult.StageRun s : r.stages()) {
      if (s.outcome() == ReproResult.Outcome.FAILED) {
        out.error(s.message(), "see .mlctl/logs/" + s.name() + ".log");
      }
    }
    return r.failed() ? ExitCodes.NO : ExitCodes.OK;
  }

  private static void print(java.io.PrintWriter w, String line, Output out) {
    if (out.globals().quiet()) {
      return;
    }
    // Stages on several threads print here: one whole line at a time.
    synchronized (w) {
      w.println(line);
      w.flush();
    }
  }

  private void render(Output out, ReproResult r) {
    if (r.stages().isEmpty()) {
      out.println(stages.isEmpty() ? "No stages: mlctl.yaml declares none (add one with 'mlctl stage add')." : "No stages to run.");
      return;
    }
    for (ReproResult.StageRun s : r.stages()) {
      String what = switch (s.outcome()) {
        case RAN -> "ran";
        case SKIPPED_UP_TO_DATE -> "up to date";
        case RESTORED_FROM_RUN_CACHE -> "restored from the run cache";
        case FAILED -> "failed" + (s.exitStatus() >= 0 ? " (exit status " + s.exitStatus() + ")" : "");
        case NOT_RUN -> dry ? "would run: " + String.join(", ", s.reasons()) : "not run: " + s.message();
      };
      out.println("Stage '" + s.name() + "' " + what);
    }
    Words.gitAddHint(out, r.toStage());
  }

  static List<Map<String, Object>> toJson(ReproResult r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ReproResult.StageRun s : r.stages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
      m.put("reasons", s.reasons());
      if (s.exitStatus() >= 0) {
        m.put("exit_status", s.exitStatus());
      }
      if (s.message() != null) {
        m.put("message", s.message());
      }
      out.add(m);
    }
    return out;
  }
}
