package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.validate.InferSchema;
import io.mlctl.core.validate.Schema;
import io.mlctl.core.validate.SchemaFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl schema infer}. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Describe what a data set holds, for mlctl validate.",
    subcommands = {SchemaCommand.InferCommand.class})
public final class SchemaCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "infer", mixinStandardHelpOptions = true,
      description = {"Write a schema of a CSV file (or a server's request log) for a person to edit.",
          "It holds column types, nullability, min and max, allowed values of categorical columns, uniqueness and a"
              + " row-count range."})
  static final class InferCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DATA", description = "A CSV file with a header, or a request-log folder such as .mlctl/serve/.")
    String data;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "FILE", description = "Write the schema here (default: print it).")
    String output;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Where w = Where.of(out);
      Path in = w.path(data);
      Schema s = new InferSchema().call(in, w.shown(in));
      if (output != null) {
        SchemaFile.write(w.path(output), s);
      }
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("data", w.shown(in));
        doc.put("schema", output == null ? null : w.shown(w.path(output)));
        doc.put("columns", s.columns().size());
        out.json(doc);
      } else if (output == null) {
        out.out().print(SchemaFile.text(s));
      } else {
        out.println("Wrote " + w.shown(w.path(output)) + ": " + Words.count(s.columns().size(), "column") + " of " + w.shown(in) + ".");
      }
      return ExitCodes.OK;
    }
  }
}
