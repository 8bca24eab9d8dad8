package io.mlctl.cli.commands;

import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadInputException;
import io.mlctl.core.metrics.Change;
import io.mlctl.core.metrics.MetricsDiff;
import io.mlctl.core.metrics.Values;
import io.mlctl.core.repo.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What {@code metrics} and {@code params} share: reading values and printing them. */
final class ValueCommands {
  private ValueCommands() {}

  /** {@code show}: the options and the call {@code metrics show} and {@code params show} share. */
  abstract static class ShowCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Table.Format format;

    @Option(names = "--rev", paramLabel = "REV", description = "Read them at a Git revision instead of the work tree.")
    String rev;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to read instead of the ones mlctl.yaml declares.")
    List<String> targets = new ArrayList<>();

    abstract MetricsDiff.Kind kind();

    @Override
    public Integer call() {
      return show(Output.of(spec, global.globals()), kind(), Optional.ofNullable(rev), targets, format);
    }
  }

  /** {@code diff}: the options and the call {@code metrics diff} and {@code params diff} share. */
  abstract static class DiffCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    Table.Format format;

    @Option(names = "--all", description = "Also list the keys whose value did not change.")
    boolean all;

    @Option(names = "--targets", paramLabel = "FILE", split = ",", description = "Files to compare instead of the declared ones.")
    List<String> targets = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "REV_A", description = "Default HEAD.")
    String revA;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REV_B", description = "Default: the work tree.")
    String revB;

    abstract MetricsDiff.Kind kind();

    @Override
    public Integer call() {
      return diff(Output.of(spec, global.globals()), kind(), revA, revB, targets, all, format);
    }
  }

  /** Targets as the user typed them (relative to where mlctl runs) made project-relative. */
  static List<String> targets(Project project, Path cwd, List<String> typed) {
    List<String> out = new ArrayList<>();
    for (String t : typed) {
      Path abs = cwd.resolve(t).toAbsolutePath().normalize();
      if (!abs.startsWith(project.root())) {
        throw new BadInputException("'" + t + "' is outside the work tree", null);
      }
      out.add(project.root().relativize(abs).toString().replace(abs.getFileSystem().getSeparator(), "/"));
    }
    return out;
  }

  static int show(Output out, MetricsDiff.Kind kind, Optional<String> rev, List<String> typed, Table.Format f) {
    f.check();
    Values v;
    try (Project project = out.openProject()) {
      v = new MetricsDiff(project).show(kind, rev, targets(project, out.globals().workDir(), typed));
    }
    v.notes().forEach(n -> out.note("mlctl: " + n));
    if (out.json()) {
      out.json(v.files());
      return 0;
    }
    String what = kind == MetricsDiff.Kind.METRICS ? "Metric" : "Param";
    if (v.files().isEmpty()) {
      out.println(kind == MetricsDiff.Kind.METRICS ? "No metrics files." : "No parameter files.");
      return 0;
    }
    Table t = new Table(List.of("Path", what, "Value"));
    v.files().forEach((file, keys) -> keys.forEach((k, val) -> t.add(List.of(file, k, f.value(val)))));
    t.print(out, f);
    return 0;
  }

  static int diff(Output out, MetricsDiff.Kind kind, String revA, String revB, List<String> typed, boolean all,
      Table.Format f) {
    f.check();
    MetricsDiff.Result r;
    try (Project project = out.openProject()) {
      r = new MetricsDiff(project).call(kind, Optional.ofNullable(revA), Optional.ofNullable(revB),
          targets(project, out.globals().workDir(), typed), all);
    }
    r.notes().forEach(n -> out.note("mlctl: " + n));
    if (out.json()) {
      out.json(json(r.changes()));
      return 0;
    }
    if (r.changes().isEmpty()) {
      out.println(kind == MetricsDiff.Kind.METRICS ? "No metric changes." : "No parameter changes.");
      return 0;
    }
    Table t = new Table(List.of("Path", kind == MetricsDiff.Kind.METRICS ? "Metric" : "Param", r.a(), r.b(), "Change"));
    r.changes().forEach((file, keys) -> keys.forEach((k, c) ->
        t.add(List.of(file, k, f.value(c.old()), f.value(c.now()), f.value(c.diff())))));
    t.print(out, f);
    return 0;
  }

  /** The contract's diff shape: {@code {"<file>": {"<key>": {"old": …, "new": …, "diff": …}}}}. */
  static Map<String, Object> json(Map<String, Map<String, Change>> changes) {
    Map<String, Object> doc = new LinkedHashMap<>();
    changes.forEach((file, keys) -> doc.put(file, changeMap(keys)));
    return doc;
  }

  static Map<String, Object> changeMap(Map<String, Change> keys) {
    Map<String, Object> m = new LinkedHashMap<>();
    keys.forEach((k, c) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("old", c.old());
      one.put("new", c.now());
      one.put("diff", c.diff());
      m.put(k, one);
    });
    return m;
  }
}
