package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.lineage.Lineage;
import io.mlctl.core.lineage.LineageFormats;
import io.mlctl.core.lineage.LineageNode;
import io.mlctl.core.lineage.LineageTrace;
import io.mlctl.core.repo.Project;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl lineage}: where a model, an output or a served prediction came from. Reads only. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = {"Trace where a model, an output or a served prediction came from.",
        "The chain: request, model version, audit entries, artifact, pipeline stage, training data, Git commit and"
            + " run. Each link is verified (checked against the cache, the work tree or Git), recorded (only written"
            + " down), failed or missing."})
public final class LineageCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "TARGET", description = "NAME@ALIAS, NAME@vN, NAME, a path (model file, stage output, tracked file) or a request id.")
  String target;

  @Option(names = "--verify", description = "Exit 1 when a link failed or is missing.")
  boolean verify;

  @Option(names = "--dot", description = "A Graphviz DOT graph.")
  boolean dot;

  @Option(names = "--mermaid", description = "A Mermaid flowchart.")
  boolean mermaid;

  @Override
  public Integer call() {
    if (dot && mermaid) {
      throw new BadArgumentException("--dot and --mermaid exclude each other", null);
    }
    Output out = Output.of(spec, global.globals());
    Lineage l;
    try (Project project = out.openProject()) {
      l = new LineageTrace(project).trace(target, out.globals().workDir());
    }
    if (out.json()) {
      out.json(LineageFormats.json(l));
    } else if (dot) {
      out.out().print(LineageFormats.dot(l));
    } else if (mermaid) {
      out.out().print(LineageFormats.mermaid(l));
    } else {
      out.out().print(quiet() ? "" : LineageFormats.tree(l));
    }
    out.out().flush();
    if (!verify || l.ok()) {
      return ExitCodes.OK;
    }
    for (LineageNode n : l.broken()) {
      out.error("lineage of " + target + ": " + n.kind().id() + " " + n.id() + " " + n.status().id() + ": " + n.reason(), null);
    }
    return ExitCodes.NO;
  }

  private boolean quiet() {
    return global.globals().quiet();
  }
}
