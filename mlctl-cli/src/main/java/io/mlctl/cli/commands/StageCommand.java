package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pipeline.StageAdd;
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

/** {@code mlctl stage list|add}. */
@Command(name = "stage", mixinStandardHelpOptions = true,
    description = "List or add pipeline stages.",
    subcommands = {StageCommand.ListStages.class, StageCommand.Add.class})
public final class StageCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static Map<String, Object> json(Stage s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("cmd", s.cmd());
    m.put("wdir", s.wdir());
    m.put("deps", s.deps());
    m.put("params", s.params().stream().map(p -> p.file() + ":" + p.key()).toList());
    m.put("outs", s.outs().stream().map(Stage.Out::path).toList());
    m.put("frozen", s.frozen());
    return m;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the stages of mlctl.yaml, expanded.")
  static final class ListStages implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      List<Stage> stages;
      try (Project project = out.openProject()) {
        stages = new PipelineFile(project.root()).read().stages();
      }
      if (out.json()) {
        List<Map<String, Object>> list = new ArrayList<>();
        stages.forEach(s -> list.add(json(s)));
        out.json(list);
      } else {
        for (Stage s : stages) {
          String outs = s.outs().isEmpty() ? "" : "  -> " + String.join(", ", s.outs().stream().map(Stage.Out::path).toList());
          out.println(s.name() + outs);
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Add a stage to mlctl.yaml.",
          "Put the stage's command after '--' when it has options of its own, so mlctl does not read them as its own."})
  static final class Add implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The stage's name.")
    String name;

    @Option(names = {"-d", "--deps"}, paramLabel = "DEP", description = "A dependency (repeatable).")
    List<String> deps = new ArrayList<>();

    @Option(names = {"-o", "--outs"}, paramLabel = "OUT", description = "An output (repeatable).")
    List<String> outs = new ArrayList<>();

    @Option(names = {"-p", "--params"}, paramLabel = "PARAM", description = "A parameter key of params.yaml (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = {"-m", "--metrics"}, paramLabel = "METRIC", description = "A metrics file (repeatable).")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--plots", paramLabel = "PLOT", description = "A plot file: CSV, JSON or TSV (repeatable).")
    List<String> plots = new ArrayList<>();

    @Option(names = {"-w", "--wdir"}, paramLabel = "DIR", description = "Run the command in DIR (relative to the project's root).")
    String wdir;

    @Option(names = {"-f", "--force"}, description = "Replace a stage of the same name.")
    boolean force;

    @Option(names = "--always-changed", description = "Run the stage on every repro, even when nothing it reads changed.")
    boolean alwaysChanged;

    @Parameters(paramLabel = "CMD", arity = "1..*",
        description = "The command; its words are joined with spaces (after '--', taken as they are).")
    List<String> cmd = new ArrayList<>();

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Stage s;
      try (Project project = out.openProject()) {
        s = new StageAdd(project).call(new StageAdd.Spec(name, String.join(" ", cmd), deps, outs, params, metrics,
            plots, wdir, force, alwaysChanged));
      }
      if (out.json()) {
        out.json(json(s));
      } else {
        out.println("Added stage '" + s.name() + "' to mlctl.yaml.");
      }
      return ExitCodes.OK;
    }
  }
}
