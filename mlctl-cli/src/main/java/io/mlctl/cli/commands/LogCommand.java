package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.exp.RunLog;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.repo.Project;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlctl log metric|param}, for a stage's command in any language. Never takes the
 * repository lock: {@code exp run} holds it while the stage runs.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Log a metric value or a parameter into the current run (MLCTL_RUN_ID, set for stages).",
    subcommands = {LogCommand.Metric.class, LogCommand.Param.class})
public final class LogCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static RunLog runLog(Output out, Project project) {
    return new RunLog(new RunStore(project.layout().runs()), out.globals().env().get("MLCTL_RUN_ID"),
        out.globals().env().get("MLCTL_STAGE"), Clock.systemUTC());
  }

  /** The project a stage runs in: MLCTL_ROOT when set (a stage's wdir may be anywhere in it). */
  static Project open(Output out) {
    String root = out.globals().env().get("MLCTL_ROOT");
    if (root != null && !root.isEmpty()) {
      return Project.open(java.nio.file.Path.of(root), Clock.systemUTC(), out.globals().env());
    }
    return out.openProject();
  }

  @Command(name = "metric", mixinStandardHelpOptions = true, description = "Append a value to a metric's series.")
  static final class Metric implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--step", paramLabel = "N", description = "The step (default: one after the series' last, or 0).")
    Long step;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      RunRecord.Point p;
      try (Project project = open(out)) {
        p = runLog(out, project).metric(name, value, Optional.ofNullable(step));
      }
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("step", p.step());
        doc.put("value", p.value());
        doc.put("timestamp", java.time.Instant.ofEpochMilli(p.timestamp()).toString());
        out.json(doc);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "param", mixinStandardHelpOptions = true, description = "Set a parameter of the current run.")
  static final class Param implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Object v;
      try (Project project = open(out)) {
        v = runLog(out, project).param(name, value);
      }
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("value", v);
        out.json(doc);
      }
      return ExitCodes.OK;
    }
  }
}
