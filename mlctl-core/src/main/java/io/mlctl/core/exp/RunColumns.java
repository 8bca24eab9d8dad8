package io.mlctl.core.exp;

import io.mlctl.core.BadInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which parameter and metric columns {@code exp show} prints. A classification pipeline has
 * dozens of keys ({@code per_class.*}, {@code slice.*}); by default the table keeps to the
 * terminal's width, choosing top-level metrics first, then top-level parameters, then the nested
 * ones, and says how many it left out. Selection by name ({@code --param}, {@code --metric}),
 * by pattern ({@code --keep}, {@code --drop}) and {@code --only-changed} narrow the columns;
 * {@code --all} shows every one.
 */
public final class RunColumns {
  /** A parameter or metric column; {@code header} names it apart when a parameter and a metric share a key. */
  public record Column(boolean param, String key, String header) {
    public Object value(RunRecord r, RunRecord.SeriesSummary summary) {
      return param ? r.params().get(key) : r.metrics(summary).get(key);
    }
  }

  /**
   * How to choose.
   *
   * @param params keys of parameters to show (with {@code metrics}: only the named columns)
   * @param keep a pattern a column's key must contain a match of, or null
   * @param drop a pattern of keys to leave out, or null
   * @param width the width the table must fit, or 0 for no limit
   */
  public record Selection(List<String> params, List<String> metrics, Pattern keep, Pattern drop, boolean onlyChanged,
      int width, RunRecord.SeriesSummary summary) {
    public Selection {
      params = List.copyOf(params);
      metrics = List.copyOf(metrics);
    }
  }

  /** The columns chosen, in table order (parameters first), and how many the width left out. */
  public record Chosen(List<Column> columns, int hidden) {}

  private RunColumns() {}

  /**
   * @param fixedWidth the width the run, time and status columns take
   * @param render how a value is printed, to measure columns
   * @throws BadInputException for a {@code --param} or {@code --metric} no run has
   */
  public static Chosen choose(List<RunRecord> runs, Selection s, int fixedWidth, Function<Object, String> render) {
    Set<String> paramKeys = new LinkedHashSet<>();
    Set<String> metricKeys = new LinkedHashSet<>();
    runs.forEach(r -> {
      paramKeys.addAll(r.params().keySet());
      metricKeys.addAll(r.metrics(s.summary()).keySet());
    });
    List<Column> all = new ArrayList<>();
    boolean named = !s.params().isEmpty() || !s.metrics().isEmpty();
    if (named) {
      for (String p : s.params()) {
        require(paramKeys, p, "parameter");
        all.add(new Column(true, p, metricKeys.contains(p) ? "param:" + p : p));
      }
      for (String m : s.metrics()) {
        require(metricKeys, m, "metric");
        all.add(new Column(false, m, m));
      }
    } else {
      paramKeys.forEach(p -> all.add(new Column(true, p, metricKeys.contains(p) ? "param:" + p : p)));
      metricKeys.forEach(m -> all.add(new Column(false, m, m)));
    }
    List<Column> out = new ArrayList<>();
    for (Column c : all) {
      if (s.keep() != null && !s.keep().matcher(c.key()).find()) {
        continue;
      }
      if (s.drop() != null && s.drop().matcher(c.key()).find()) {
        continue;
      }
      if (s.onlyChanged() && !changes(runs, c, s.summary())) {
        continue;
      }
      out.add(c);
    }
    if (s.width() <= 0 || named || s.keep() != null) {
      return new Chosen(out, 0);
    }
    return fit(runs, out, s, fixedWidth, render);
  }

  private static void require(Set<String> keys, String key, String kind) {
    if (!keys.contains(key)) {
      throw new BadInputException("no run has the " + kind + " '" + key + "'",
          "mlctl exp show --all lists every column");
    }
  }

  /** Whether the runs do not all have the same value in the column. */
  private static boolean changes(List<RunRecord> runs, Column c, RunRecord.SeriesSummary summary) {
    Set<Object> seen = new HashSet<>();
    for (RunRecord r : runs) {
      seen.add(Objects.toString(c.value(r, summary), null));
    }
    return seen.size() > 1;
  }

  /** The columns that fit, chosen by rank (top-level metrics, top-level parameters, the nested ones), shown in table order. */
  private static Chosen fit(List<RunRecord> runs, List<Column> columns, Selection s, int fixedWidth,
      Function<Object, String> render) {
    List<Column> ranked = new ArrayList<>(columns);
    ranked.sort(Comparator.comparingInt(RunColumns::rank));
    Set<Column> kept = new HashSet<>();
    int used = fixedWidth;
    for (Column c : ranked) {
      int w = c.header().length();
      for (RunRecord r : runs) {
        w = Math.max(w, render.apply(c.value(r, s.summary())).length());
      }
      if (used + 2 + w <= s.width()) {
        kept.add(c);
        used += 2 + w;
      }
    }
    List<Column> out = columns.stream().filter(kept::contains).toList();
    return new Chosen(out, columns.size() - out.size());
  }

  // Parameters are mostly one level down (train.lr); metrics below the top are per class or slice.
  private static int rank(Column c) {
    long depth = c.key().chars().filter(ch -> ch == '.' || ch == ':').count();
    if (c.param()) {
      return depth <= 1 ? 1 : 3;
    }
    return depth == 0 ? 0 : 2;
  }
}
