package io.mlctl.core.plots;

import io.mlctl.core.BadInputException;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.metrics.DataFiles;
import io.mlctl.core.metrics.Flatten;
import io.mlctl.core.metrics.Snapshot;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.repo.Project;
import io.mlctl.core.scm.GitRepo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mlctl plots show} and {@code plots diff}: a page of the declared plot files, the confusion
 * matrices of the metrics files, the logged metric series of the runs, and a bar chart of each
 * metric across the runs. Read-only; takes no lock.
 */
public final class Plots {
  /** How many runs' series one line plot shows at most: more lines than this cannot be told apart. */
  static final int MAX_RUNS_PER_PLOT = 8;
  /** How many metrics get a bar chart across runs when none is named. */
  static final int MAX_BAR_CHARTS = 6;

  /** The dash pattern of the second revision's lines in {@code plots diff}. */
  static final String SECOND_REVISION = "7 4";
  /** The dash pattern of a failed or killed run's series. */
  static final String UNFINISHED = "2 4";

  private final Project project;
  private final boolean normalize;

  public Plots(Project project) {
    this(project, false);
  }

  /** @param normalize draw confusion matrices with each row divided by its sum (the recall of each true label) */
  public Plots(Project project, boolean normalize) {
    this.project = project;
    this.normalize = normalize;
  }

  /**
   * The page for the work tree and every run.
   *
   * @param metrics metrics to chart across runs; empty for the first few the runs have
   */
  public PlotsPage show(List<String> metrics) {
    PlotsPage page = new PlotsPage("mlctl plots");
    try (Snapshot s = Snapshot.workTree(project)) {
      files(page, List.of(s));
      matrices(page, s);
    }
    runs(page, new RunStore(project.layout().runs()).all(), metrics);
    return page;
  }

  /** The page comparing two revisions: their plot files overlaid, and the runs started from each. */
  public PlotsPage diff(String revA, String revB, List<String> metrics) {
    PlotsPage page = new PlotsPage("mlctl plots: " + revA + " against " + revB);
    try (Snapshot a = Snapshot.at(project, revA); Snapshot b = Snapshot.at(project, revB)) {
      files(page, List.of(a, b));
      matrices(page, a);
      matrices(page, b);
    }
    Set<String> commits = new LinkedHashSet<>();
    try (GitRepo git = GitRepo.open(project.root()).orElseThrow()) {
      commits.add(git.resolveCommit(revA).name());
      commits.add(git.resolveCommit(revB).name());
    }
    List<RunRecord> runs = new RunStore(project.layout().runs()).all().stream()
        .filter(r -> r.commit() != null && commits.contains(r.commit())).toList();
    runs(page, runs, metrics);
    return page;
  }

  private void files(PlotsPage page, List<Snapshot> snapshots) {
    Set<String> paths = new LinkedHashSet<>();
    for (Snapshot s : snapshots) {
      for (Stage st : s.pipeline().stages()) {
        st.outs().stream().filter(o -> o.kind() == Stage.OutKind.PLOT).forEach(o -> paths.add(o.path()));
      }
    }
    for (String path : paths) {
      List<PlotsPage.Series> series = new ArrayList<>();
      String x = "x";
      for (Snapshot s : snapshots) {
        Snapshot.Read r = s.read(path);
        if (r.found() != Snapshot.Found.FOUND) {
          page.note(s.shown(path) + (r.found() == Snapshot.Found.NOT_IN_CACHE ? ": not in the cache" : ": missing"));
          continue;
        }
        PlotData.Table t = PlotData.read(r.text(), path, s.shown(path));
        x = t.x();
        String prefix = snapshots.size() > 1 ? s.name() + ": " : "";
        // The second revision dashed: the two tell apart in print and for colour-blind readers.
        String dash = snapshots.size() > 1 && s != snapshots.get(0) ? SECOND_REVISION : null;
        t.ys().forEach((name, pts) -> series.add(new PlotsPage.Series(prefix + name, pts, dash)));
      }
      if (!series.isEmpty()) {
        page.line(path, x, series.size() == 1 ? series.get(0).name() : "value", series);
      }
    }
  }

  private void matrices(PlotsPage page, Snapshot s) {
    for (Stage st : s.pipeline().stages()) {
      for (Stage.Out o : st.outs()) {
        if (o.kind() != Stage.OutKind.METRIC) {
          continue;
        }
        Snapshot.Read r = s.read(o.path());
        if (r.found() != Snapshot.Found.FOUND) {
          continue;
        }
        Map<String, Object> doc;
        try {
          doc = DataFiles.parseMap(r.text(), o.path(), s.shown(o.path()));
        } catch (BadInputException e) {
          page.note(e.getMessage());
          continue;
        }
        findMatrices("", doc, (key, m) -> heatMap(page, s.shown(o.path()) + (key.isEmpty() ? "" : " " + key), m));
      }
    }
  }

  private static void findMatrices(String prefix, Map<?, ?> doc, java.util.function.BiConsumer<String, Map<?, ?>> found) {
    for (Map.Entry<?, ?> e : doc.entrySet()) {
      String key = prefix + e.getKey();
      if (Flatten.isConfusionMatrix(e.getValue())) {
        found.accept(key, (Map<?, ?>) e.getValue());
      } else if (e.getValue() instanceof Map<?, ?> m) {
        findMatrices(key + ".", m, found);
      }
    }
  }

  private void heatMap(PlotsPage page, String heading, Map<?, ?> m) {
    List<String> labels = ((List<?>) m.get("labels")).stream().map(String::valueOf).toList();
    List<List<Double>> rows = new ArrayList<>();
    for (Object row : (List<?>) m.get("matrix")) {
      if (!(row instanceof List<?> cells) || cells.size() != labels.size()) {
        page.note(heading + ": the matrix is not " + labels.size() + " by " + labels.size() + "; not drawn");
        return;
      }
      rows.add(cells.stream().map(c -> c instanceof Number n ? n.doubleValue() : 0.0).toList());
    }
    if (rows.size() != labels.size()) {
      page.note(heading + ": the matrix is not " + labels.size() + " by " + labels.size() + "; not drawn");
      return;
    }
    if (normalize) {
      page.heatMap(heading + " (normalised over each true label)", labels, normalized(rows));
    } else {
      page.heatMap(heading, labels, rows);
    }
  }

  /** Each row divided by its sum, as scikit-learn's {@code normalize="true"}; a row of zeros stays zeros. */
  static List<List<Double>> normalized(List<List<Double>> rows) {
    List<List<Double>> out = new ArrayList<>();
    for (List<Double> row : rows) {
      double sum = row.stream().mapToDouble(Double::doubleValue).sum();
      out.add(row.stream().map(v -> sum == 0 ? 0.0 : Math.round(v / sum * 1e4) / 1e4).toList());
    }
    return out;
  }

  private void runs(PlotsPage page, List<RunRecord> runs, List<String> metrics) {
    Map<String, String> names = RunLabels.of(runs);
    Map<String, List<PlotsPage.Series>> byName = new LinkedHashMap<>();
    List<RunRecord> newestFirst = new ArrayList<>(runs);
    java.util.Collections.reverse(newestFirst);
    for (RunRecord r : newestFirst) {
      r.series().forEach((name, points) -> {
        List<PlotsPage.Series> l = byName.computeIfAbsent(name, k -> new ArrayList<>());
        if (l.size() < MAX_RUNS_PER_PLOT && !points.isEmpty()) {
          l.add(new PlotsPage.Series(names.get(r.id()), points.stream().map(p -> new double[] {p.step(), p.value()}).toList(),
              RunLabels.succeeded(r) ? null : UNFINISHED));
        }
      });
    }
    byName.forEach((name, series) -> page.line(name + " (logged)", "step", name, series));
    List<String> keys = new ArrayList<>(metrics);
    if (keys.isEmpty()) {
      Set<String> all = new LinkedHashSet<>();
      runs.forEach(r -> r.metrics().forEach((k, v) -> {
        if (v instanceof Number) {
          all.add(k);
        }
      }));
      // Top-level metrics (accuracy, loss) before per-class and per-slice ones.
      all.stream().sorted(java.util.Comparator.comparingInt(k -> k.contains(".") || k.contains(":") ? 1 : 0))
          .limit(MAX_BAR_CHARTS).forEach(keys::add);
    }
    for (String key : keys) {
      List<String> labels = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      List<Boolean> muted = new ArrayList<>();
      for (RunRecord r : runs) {
        if (r.metrics().get(key) instanceof Number n) {
          labels.add(names.get(r.id()));
          values.add(n.doubleValue());
          muted.add(!RunLabels.succeeded(r));
        }
      }
      if (!labels.isEmpty()) {
        page.bars(key + " across runs", key, labels, values, muted);
      } else if (!metrics.isEmpty()) {
        page.note("no run has the metric " + key);
      }
    }
  }
}
