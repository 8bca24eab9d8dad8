package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.pipeline.Dag;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.repo.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl dag}. Read-only. */
@Command(name = "dag", mixinStandardHelpOptions = true,
    description = "Show the pipeline's stages and what depends on what.")
public final class DagCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--dot", description = "Graphviz DOT.")
  boolean dot;

  @Option(names = "--mermaid", description = "A Mermaid flowchart.")
  boolean mermaid;

  @Override
  public Integer call() {
    if (dot && mermaid) {
      throw new io.mlctl.core.BadArgumentException("--dot and --mermaid exclude each other", null);
    }
    Output out = Output.of(spec, global.globals());
    Dag dag;
    try (Project project = out.openProject()) {
      dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    }
    List<String[]> edges = new ArrayList<>();
    for (Stage s : dag.order()) {
      for (String d : new TreeSet<>(dag.downstream(s.name()))) {
        edges.add(new String[] {s.name(), d});
      }
    }
    if (out.json()) {
      List<Map<String, Object>> e = new ArrayList<>();
      for (String[] edge : edges) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", edge[0]);
        m.put("to", edge[1]);
        e.add(m);
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("stages", dag.order().stream().map(Stage::name).toList());
      doc.put("edges", e);
      out.json(doc);
    } else if (dot) {
      out.println("digraph mlctl {");
      dag.order().forEach(s -> out.println("  \"" + s.name() + "\";"));
      edges.forEach(e -> out.println("  \"" + e[0] + "\" -> \"" + e[1] + "\";"));
      out.println("}");
    } else if (mermaid) {
      out.println("flowchart TD");
      List<String> names = dag.order().stream().map(Stage::name).toList();
      for (int i = 0; i < names.size(); i++) {
        out.println("  s" + i + "[\"" + names.get(i) + "\"]");
      }
      edges.forEach(e -> out.println("  s" + names.indexOf(e[0]) + " --> s" + names.indexOf(e[1])));
    } else {
      for (Stage s : dag.order()) {
        out.println("* " + s.name());
        for (String d : new TreeSet<>(dag.downstream(s.name()))) {
          out.println("  +--> " + d);
        }
      }
    }
    return ExitCodes.OK;
  }
}
