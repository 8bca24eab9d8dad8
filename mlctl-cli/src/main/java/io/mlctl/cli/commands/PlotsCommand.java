package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.plots.Plots;
import io.mlctl.core.plots.PlotsPage;
import io.mlctl.core.repo.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl plots show|diff}: writes one self-contained HTML page. Takes no lock. */
@Command(name = "plots", mixinStandardHelpOptions = true,
    description = "Draw the declared plots, confusion matrices, logged series and metrics across runs as one HTML page.",
    subcommands = {PlotsCommand.Show.class, PlotsCommand.Diff.class})
public final class PlotsCommand implements Callable<Integer> {
  static final String DEFAULT_OUT = "mlctl_plots/index.html";

  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The options both subcommands take. */
  static final class PageOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE.html", description = "Where to write the page (default " + DEFAULT_OUT + ").")
    Path out;

    @Option(names = "--metric", paramLabel = "KEY",
        description = "A metric to chart across runs (repeatable; default the first few, top-level ones first).")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--normalize", description = "Draw confusion matrices with each row divided by its sum (per true label).")
    boolean normalize;
  }

  static int write(Output out, PageOptions opts, Function<Plots, PlotsPage> build) {
    PlotsPage page;
    try (Project project = out.openProject()) {
      page = build.apply(new Plots(project, opts.normalize));
    }
    Path cwd = out.globals().workDir();
    Path target = cwd.resolve(opts.out != null ? opts.out : Path.of(DEFAULT_OUT)).toAbsolutePath().normalize();
    AtomicFiles.writeStringUnforced(target, page.html());
    // Relative to the project, as every path mlctl prints (a page written outside it: as given)
    String shown = Where.of(out).shown(target);
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("path", shown);
      doc.put("charts", page.charts());
      out.json(doc);
    } else {
      out.println("Wrote " + page.charts() + " chart" + (page.charts() == 1 ? "" : "s") + " to " + shown + ".");
    }
    return ExitCodes.OK;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Plot the work tree's plot files and every run.")
  static final class Show implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    PageOptions opts;

    @Override
    public Integer call() {
      return write(Output.of(spec, global.globals()), opts, p -> p.show(opts.metrics));
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Overlay the plot files of two Git revisions, with the runs started from each.")
  static final class Diff implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    PageOptions opts;

    @Parameters(index = "0", paramLabel = "REV_A")
    String revA;

    @Parameters(index = "1", paramLabel = "REV_B")
    String revB;

    @Override
    public Integer call() {
      return write(Output.of(spec, global.globals()), opts, p -> p.diff(revA, revB, opts.metrics));
    }
  }
}
