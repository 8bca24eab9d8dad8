package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.registry.ModelDiff;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.repo.Project;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl models diff REF_A REF_B}: two registered versions' cards and metrics side by side. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Compare two registered versions' cards and metrics.", "The cards' algorithm, label, features and training data, then every metric of either version."})
final class ModelsDiffCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF_A", description = "The first version: NAME@vN, NAME@ALIAS, NAME@latest or NAME (its latest).")
  String refA;

  @Parameters(index = "1", paramLabel = "REF_B", description = "The second version, named the same ways.")
  String refB;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    ModelDiff d;
    try (Project project = out.openProject()) {
      d = ModelDiff.of(new ModelRegistry(project), refA, refB);
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("a", d.a());
      doc.put("b", d.b());
      doc.put("same_artifact", d.sameArtifact());
      doc.put("card", changes(d.card()));
      doc.put("metrics", changes(d.metrics()));
      out.json(doc);
      return ExitCodes.OK;
    }
    if (d.same()) {
      out.println(d.a() + " and " + d.b() + " are the same model with the same metrics.");
      return ExitCodes.OK;
    }
    out.println(d.a() + " -> " + d.b() + (d.sameArtifact() ? " (the same bytes)" : ""));
    Table t = new Table(List.of("KEY", d.a(), d.b(), "DIFF"));
    d.card().forEach((k, ch) -> t.add(List.of(k, Table.value(ch.old(), 4), Table.value(ch.now(), 4), "")));
    d.metrics().forEach((k, ch) -> t.add(List.of(k, Table.value(ch.old(), 4), Table.value(ch.now(), 4),
        ch.diff() == null ? "" : (ch.diff() > 0 ? "+" : "") + Table.value(ch.diff(), 4))));
    t.print(out, new Table.Format());
    return ExitCodes.OK;
  }

  private static Map<String, Object> changes(Map<String, ModelDiff.Change> changes) {
    Map<String, Object> doc = new LinkedHashMap<>();
    changes.forEach((k, ch) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("old", ch.old());
      m.put("new", ch.now());
      if (ch.diff() != null) {
        m.put("diff", ch.diff());
      }
      doc.put(k, m);
    });
    return doc;
  }
}
