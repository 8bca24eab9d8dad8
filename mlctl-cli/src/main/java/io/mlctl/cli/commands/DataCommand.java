package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.model.Split;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl data split}. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Prepare data files for training.",
    subcommands = {DataCommand.SplitCommand.class})
public final class DataCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "split", mixinStandardHelpOptions = true,
      description = {"Split a CSV file with a header into a training and a test file.",
          "Both keep the header and the rows' order; the same file, ratio and seed give the same split."})
  static final class SplitCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IN", description = "The CSV file to split.")
    String in;

    @Option(names = "--train", required = true, paramLabel = "OUT", description = "Where the training rows go.")
    String train;

    @Option(names = "--test", required = true, paramLabel = "OUT", description = "Where the test rows go.")
    String test;

    @Option(names = "--ratio", paramLabel = "R", defaultValue = "0.8", description = "The share of rows for training (default: ${DEFAULT-VALUE}).")
    double ratio;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "The shuffle's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stratify", paramLabel = "COL", description = "Split each value of this column in the same ratio.")
    String stratify;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Where w = Where.of(out);
      Split.Result r = new Split().call(w.path(in), w.shown(w.path(in)), w.path(train), w.path(test), ratio, seed, stratify);
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("train", Map.of("path", w.shown(w.path(train)), "rows", r.trainRows()));
        doc.put("test", Map.of("path", w.shown(w.path(test)), "rows", r.testRows()));
        if (stratify != null) {
          Map<String, Object> strata = new LinkedHashMap<>();
          r.strata().forEach((k, v) -> strata.put(k, Map.of("train", v[0], "test", v[1])));
          doc.put("strata", strata);
        }
        out.json(doc);
      } else {
        out.println("Split " + w.shown(w.path(in)) + ": " + Words.count(r.trainRows(), "row") + " to " + w.shown(w.path(train)) + ", "
            + Words.count(r.testRows(), "row") + " to " + w.shown(w.path(test)) + ".");
      }
      return ExitCodes.OK;
    }
  }
}
