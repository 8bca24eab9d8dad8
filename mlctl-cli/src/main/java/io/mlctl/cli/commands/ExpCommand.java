package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.exp.ExpApply;
import io.mlctl.core.exp.ExpRun;
import io.mlctl.core.exp.ExpShow;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.exp.RunTimes;
import io.mlctl.core.metrics.Change;
import io.mlctl.core.metrics.Changes;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl exp run|show|diff|remove|apply|push|pull|branch}. */
@Command(name = "exp", mixinStandardHelpOptions = true,
    description = "Run experiments and compare the runs: parameters, metrics, logged series.",
    subcommands = {ExpCommand.Run.class, ExpCommand.Show.class, ExpCommand.Diff.class, ExpCommand.Remove.class,
        ExpCommand.Apply.class, ExpShareCommands.Push.class, ExpShareCommands.Pull.class, ExpShareCommands.Branch.class})
public final class ExpCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Apply parameter overrides, run the pipeline and record the run in .mlctl/runs/.")
  static final class Run implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = {"-S", "--set-param"}, paramLabel = "[FILE:]KEY=VALUE",
        description = "Set a parameter before the run (repeatable); the key must exist in a parameter file.")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Run the stages even when they are up to date.")
    boolean force;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Run up to N independent stages at once (default 1).")
    int jobs = 1;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
        description = "Name the run (default: a generated name such as brisk-lark); usable wherever a run is named.")
    String name;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Tag the run (repeatable); exp show --tag filters by tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--note", paramLabel = "TEXT", description = "A note kept with the run.")
    String note;

    @Option(names = "--dry", description = "Only show what would run: the -S values are checked, nothing is written or recorded.")
    boolean dry;

    @Option(names = {"-k", "--keep-going"}, description = "After a failure, still run the stages that do not depend on it.")
    boolean keepGoing;

    @Option(names = "--no-run-cache", description = "Always run stale stages, never restore their outputs from a past run.")
    boolean noRunCache;

    @Option(names = {"-s", "--single-item"}, description = "Run only the named stages, not the stages they depend on.")
    boolean singleItem;

    @Parameters(paramLabel = "STAGE", arity = "0..*", description = "Stages to run (with what they depend on); default all.")
    List<String> stages = new ArrayList<>();

    @Override
    public Integer call() {
      Map<String, String> tagMap = io.mlctl.core.exp.RunTags.parse(tags);
      if (jobs < 1) {
        throw new BadArgumentException("-j must be at least 1", null);
      }
      Output out = Output.of(spec, global.globals());
      Consumer<String> lines = line -> {
        if (!out.globals().quiet()) {
          java.io.PrintWriter w = out.json() ? out.err() : out.out();
          synchronized (w) {
            w.println(line);
            w.flush();
          }
        }
      };
      ExpRun.Options opts = new ExpRun.Options(overrides, stages, force, jobs, lines, name, tagMap, note,
          keepGoing, noRunCache, singleItem);
      if (dry) {
        io.mlctl.core.pipeline.ReproResult would;
        try (Project project = out.openProject()) {
          would = new ExpRun(project).dry(opts);
        }
        if (out.json()) {
          out.json(Map.of("stages", ReproCommand.toJson(would)));
        } else {
          for (var s : would.stages()) {
            out.println("Stage '" + s.name() + "' " + (s.outcome() == io.mlctl.core.pipeline.ReproResult.Outcome.NOT_RUN
                ? "would run: " + String.join(", ", s.reasons()) : "up to date"));
          }
        }
        return ExitCodes.OK;
      }
      ExpRun.Result r;
      try (Project project = out.openProject()) {
        r = new ExpRun(project).call(opts);
      }
      r.notes().forEach(n -> out.note("mlctl: warning: " + n));
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", r.run());
        doc.put("stages", ReproCommand.toJson(r.repro()));
        out.json(doc);
      } else {
        out.println("Run " + r.run().label() + " (" + r.run().id() + ") " + r.run().status() + ".");
        // Top-level metrics only: a classifier's per-class keys would bury them.
        long nested = r.run().metrics().keySet().stream().filter(k -> k.contains(".")).count();
        r.run().metrics().forEach((k, v) -> {
          if (!k.contains(".")) {
            out.println("  " + k + ": " + Table.value(v, 5));
          }
        });
        if (nested > 0) {
          out.println("  (" + nested + " more in mlctl exp show --all)");
        }
      }
      for (var s : r.repro().stages()) {
        if (s.outcome() == io.mlctl.core.pipeline.ReproResult.Outcome.FAILED) {
          out.error(s.message(), "see .mlctl/logs/" + s.name() + ".log");
        }
      }
      return r.repro().failed() ? ExitCodes.NO : ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "List the runs with their parameters and metrics.")
  static final class Show implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Table.Format format;

    @Option(names = "--sort-by", paramLabel = "KEY", description = "Sort by this metric or parameter (runs without it last).")
    String sortBy;

    @Option(names = "--sort-order", paramLabel = "asc|desc", description = "Sort order for --sort-by (default asc).")
    String sortOrder = "asc";

    @Option(names = "--rev", paramLabel = "REV", description = "Only the runs that started from the commit REV names.")
    String rev;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only the runs with this tag (repeatable: all of them).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--param", paramLabel = "KEY", description = "Show this parameter (repeatable); with --metric, only the columns named.")
    List<String> params = new ArrayList<>();

    @Option(names = "--metric", paramLabel = "KEY", description = "Show this metric (repeatable); with --param, only the columns named.")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--keep", paramLabel = "REGEX", description = "Only the parameter and metric columns whose name matches.")
    String keep;

    @Option(names = "--drop", paramLabel = "REGEX", description = "Leave out the parameter and metric columns whose name matches.")
    String drop;

    @Option(names = "--only-changed", description = "Only the columns whose value differs between the runs shown.")
    boolean onlyChanged;

    @Option(names = "--all", description = "Every column, however wide the table (also the run ids).")
    boolean all;

    @Option(names = "--all-remote", description = "Also the runs on a remote (-r, default core.remote) that this project lacks.")
    boolean allRemote;

    @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "The remote --all-remote reads (default: core.remote).")
    String remote;

    @Option(names = "--series", paramLabel = "last|min|max", description = "How a logged series is summed up in its column (default last).")
    String series = "last";

    @Override
    public Integer call() {
      format.check();
      if (!sortOrder.equals("asc") && !sortOrder.equals("desc")) {
        throw new BadArgumentException("--sort-order must be asc or desc", null);
      }
      RunRecord.SeriesSummary summary = switch (series) {
        case "last" -> RunRecord.SeriesSummary.LAST;
        case "min" -> RunRecord.SeriesSummary.MIN;
        case "max" -> RunRecord.SeriesSummary.MAX;
        default -> throw new BadArgumentException("--series must be last, min or max", null);
      };
      java.util.regex.Pattern keepPattern = pattern("--keep", keep);
      java.util.regex.Pattern dropPattern = pattern("--drop", drop);
      Map<String, String> tagFilter = io.mlctl.core.exp.RunTags.parse(tags);
      Output out = Output.of(spec, global.globals());
      List<RunRecord> runs;
      Set<String> remoteOnly = new java.util.HashSet<>();
      try (Project project = out.openProject()) {
        runs = new ArrayList<>(new ExpShow(project).call(java.util.Optional.ofNullable(rev), tagFilter));
        if (allRemote) {
          for (RunRecord r : new ExpShow(project).remote(remote, java.util.Optional.ofNullable(rev), tagFilter)) {
            remoteOnly.add(r.id());
            runs.add(r);
          }
          runs.sort(java.util.Comparator.comparing((RunRecord r) -> r.started() == null ? "" : r.started())
              .thenComparing(RunRecord::id));
        }
      }
      if (sortBy != null) {
        runs = sorted(runs, sortBy, sortOrder.equals("desc"), summary);
      }
      if (out.json()) {
        out.json(runs);
        return ExitCodes.OK;
      }
      if (runs.isEmpty()) {
        out.println(tagFilter.isEmpty() && rev == null ? "No runs yet: mlctl exp run records one." : "No runs match.");
        return ExitCodes.OK;
      }
      List<String> header = new ArrayList<>(List.of("Run"));
      if (all) {
        header.add("Id");
      }
      header.addAll(List.of("Started", "Duration", "Commit", "Status"));
      List<List<String>> fixed = new ArrayList<>();
      for (RunRecord r : runs) {
        List<String> row = new ArrayList<>(List.of(r.label() + (remoteOnly.contains(r.id()) ? " (remote)" : "")));
        if (all) {
          row.add(r.id());
        }
        row.addAll(List.of(RunTimes.started(r), RunTimes.duration(r), commit(r), r.status()));
        fixed.add(row);
      }
      int fixedWidth = -2;
      for (int i = 0; i < header.size(); i++) {
        int w = header.get(i).length();
        for (List<String> row : fixed) {
          w = Math.max(w, row.get(i).length());
        }
        fixedWidth += w + 2;
      }
      // Only the aligned table keeps to the terminal; CSV and Markdown are read by programs.
      int width = all || format.csv || format.md ? 0 : terminalWidth(out);
      io.mlctl.core.exp.RunColumns.Chosen chosen = io.mlctl.core.exp.RunColumns.choose(runs,
          new io.mlctl.core.exp.RunColumns.Selection(params, metrics, keepPattern, dropPattern, onlyChanged, width, summary),
          fixedWidth, format::value);
      chosen.columns().forEach(c -> header.add(c.header()));
      Table t = new Table(header);
      for (int i = 0; i < runs.size(); i++) {
        List<String> row = new ArrayList<>(fixed.get(i));
        RunRecord r = runs.get(i);
        chosen.columns().forEach(c -> row.add(format.value(c.value(r, summary))));
        t.add(row);
      }
      t.print(out, format);
      if (chosen.hidden() > 0) {
        out.note("mlctl: " + chosen.hidden() + " more column" + (chosen.hidden() == 1 ? "" : "s")
            + " left out to fit " + width + " characters (--all shows every column; --keep, --drop, --param, --metric choose)");
      }
      return ExitCodes.OK;
    }

    private static java.util.regex.Pattern pattern(String option, String regex) {
      if (regex == null) {
        return null;
      }
      try {
        return java.util.regex.Pattern.compile(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new BadArgumentException(option + " " + regex + ": not a regular expression ("
            + e.getDescription() + ")", null);
      }
    }

    /** The terminal's width as the shell exports it ({@code COLUMNS}), else 80. */
    private static int terminalWidth(Output out) {
      String columns = out.globals().env().get("COLUMNS");
      if (columns != null) {
        try {
          int w = Integer.parseInt(columns.strip());
          if (w > 0) {
            return w;
          }
        } catch (NumberFormatException e) {
          // not a number: the default
        }
      }
      return 80;
    }

    static List<RunRecord> sorted(List<RunRecord> runs, String key, boolean desc, RunRecord.SeriesSummary summary) {
      if (runs.stream().noneMatch(r -> r.metrics(summary).containsKey(key) || r.params().containsKey(key))) {
        throw new BadInputException("--sort-by " + key + ": no run has this metric or parameter", null);
      }
      Comparator<Object> values = (a, b) -> {
        if (a instanceof Number x && b instanceof Number y) {
          return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
      };
      Comparator<Object> order = desc ? values.reversed() : values;
      List<RunRecord> have = new ArrayList<>();
      List<RunRecord> lack = new ArrayList<>();
      for (RunRecord r : runs) {
        (value(r, key, summary) == null ? lack : have).add(r);
      }
      have.sort((a, b) -> order.compare(value(a, key, summary), value(b, key, summary)));
      have.addAll(lack);
      return have;
    }

    private static Object value(RunRecord r, String key, RunRecord.SeriesSummary summary) {
      Map<String, Object> m = r.metrics(summary);
      return m.containsKey(key) ? m.get(key) : r.params().get(key);
    }
  }

  static String commit(RunRecord r) {
    if (r.commit() == null) {
      return "-";
    }
    return r.commit().substring(0, Math.min(7, r.commit().length())) + (r.dirty() ? "+" : "");
  }

  @Command(name = "diff", mixinStandardHelpOptions = true, description = "Compare the parameters and metrics of two runs.")
  static final class Diff implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Table.Format format;

    @Option(names = "--all", description = "Also list the keys whose value did not change.")
    boolean all;

    @Parameters(index = "0", paramLabel = "RUN_A")
    String a;

    @Parameters(index = "1", paramLabel = "RUN_B")
    String b;

    @Override
    public Integer call() {
      format.check();
      Output out = Output.of(spec, global.globals());
      RunRecord ra;
      RunRecord rb;
      try (Project project = out.openProject()) {
        RunStore store = new RunStore(project.layout().runs());
        ra = store.get(a);
        rb = store.get(b);
      }
      Map<String, Change> params = Changes.of(ra.params(), rb.params(), all);
      Map<String, Change> metrics = Changes.of(ra.metrics(), rb.metrics(), all);
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", ra.id());
        doc.put("b", rb.id());
        doc.put("params", ValueCommands.changeMap(params));
        doc.put("metrics", ValueCommands.changeMap(metrics));
        out.json(doc);
        return ExitCodes.OK;
      }
      if (params.isEmpty() && metrics.isEmpty()) {
        out.println("No differences.");
        return ExitCodes.OK;
      }
      Table t = new Table(List.of("Kind", "Key", ra.label(), rb.label(), "Change"));
      params.forEach((k, c) -> t.add(List.of("param", k, format.value(c.old()), format.value(c.now()), format.value(c.diff()))));
      metrics.forEach((k, c) -> t.add(List.of("metric", k, format.value(c.old()), format.value(c.now()), format.value(c.diff()))));
      t.print(out, format);
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove runs' records.")
  static final class Remove implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", arity = "1..*")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      List<String> removed = new ArrayList<>();
      try (Project project = out.openProject(); RepoLock lock = project.lock()) {
        RunStore store = new RunStore(project.layout().runs());
        // Every id is resolved before any record goes, so a typo removes nothing.
        List<String> found = ids.stream().map(id -> store.get(id).id()).distinct().toList();
        for (String id : found) {
          if (store.remove(id)) {
            removed.add(id);
          }
        }
      }
      if (out.json()) {
        out.json(Map.of("removed", removed));
      } else {
        removed.forEach(id -> out.println("Removed run " + id + "."));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Restore a run's code (from its commit), parameter files, mlctl.lock and outputs into the work tree.")
  static final class Apply implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Overwrite code that has uncommitted changes.")
    boolean force;

    @Parameters(paramLabel = "RUN", description = "The run: its id, a unique id prefix, or its name.")
    String id;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      ExpApply.Result r;
      try (Project project = out.openProject()) {
        r = new ExpApply(project).call(id, force);
      }
      r.notes().forEach(n -> out.note("mlctl: warning: " + n));
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", r.run().id());
        doc.put("restored", r.restored());
        doc.put("code", r.code());
        doc.put("refused", r.refused());
        out.json(doc);
      } else if (r.refused().isEmpty()) {
        out.println("Applied run " + r.run().label() + ": restored " + String.join(", ", r.restored()) + ".");
      }
      if (!r.refused().isEmpty()) {
        out.error("uncommitted changes in " + String.join(", ", r.refused()) + " would be overwritten by run "
            + r.run().label() + "'s code; nothing was applied", "commit or stash them, or use --force");
        return ExitCodes.NO;
      }
      return ExitCodes.OK;
    }
  }
}
