package io.mlctl.core.drift;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.table.RequestLogTable;
import io.mlctl.core.table.TableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares a current data set with a reference one, column by column ({@code mlctl drift}). The
 * two files are read at the same time, each column into a primitive array, and the columns are
 * judged in parallel; each column's numbers are those of scipy (see {@link TwoSampleTests}). A
 * column must exist in both data sets, and hold numbers in both or text in both.
 */
public final class Drift {
  /**
   * What to compare and how.
   *
   * @param columns the columns to compare; empty for all (see {@link #call})
   * @param threshold overrides each method's default threshold; null to keep them
   * @param driftShare the data set drifts when at least this share of its columns drift
   * @param categorical columns compared as categories even when their values look like numbers
   */
  public record Options(List<String> columns, Method method, Double threshold, double driftShare, Set<String> categorical) {
    public Options {
      columns = List.copyOf(columns);
      categorical = Set.copyOf(categorical);
      if (method == null || method == Method.MISSING) {
        throw new IllegalArgumentException("method");
      }
      if (!(driftShare >= 0 && driftShare <= 1)) {
        throw new BadArgumentException("--drift-share must be between 0 and 1, not " + driftShare, "0.5 means half the columns");
      }
      if (threshold != null && !(threshold >= 0)) {
        throw new BadArgumentException("--threshold must be a number >= 0, not " + threshold, "p-value tests use 0.05, distances 0.1");
      }
    }

    public static Options defaults() {
      return new Options(List.of(), Method.AUTO, null, 0.5, Set.of());
    }
  }

  /**
   * A data set to read: a CSV file, or a server's request log (a folder or a {@code .jsonl} file).
   *
   * @param model for a request log, only the requests to this model; null for all
   */
  public record Source(Path path, String shownAs, String model) {
    /** Shadow requests repeat a primary request's inputs: counting them would count traffic twice. */
    private static final Set<String> LOGGED_ROLES = Set.of("primary", "canary");

    public boolean isRequestLog() {
      return Files.isDirectory(path) || path.getFileName() != null && path.getFileName().toString().endsWith(".jsonl");
    }

    TableReader open() {
      return isRequestLog() ? RequestLogTable.open(path, shownAs, new RequestLogTable.Options(null, LOGGED_ROLES, model))
          : TableReader.open(path, shownAs);
    }
  }

  /**
   * Compares {@code current} with {@code reference}. Without {@code --columns}: the columns of a
   * request log (the features the server saw), else every column, and then both CSV files must have
   * the same columns.
   */
  public DriftReport call(Source reference, Source current, Options options) {
    try (TableReader ref = reference.open(); TableReader cur = current.open()) {
      List<String> columns = columns(ref.header(), cur.header(), reference, current, options.columns(), current.isRequestLog());
      return report(ref, reference.shownAs(), cur, current.shownAs(), columns, options);
    }
  }

  /**
   * Compares two tables already open, for a caller that holds its data in memory (a server's
   * window of recent requests against the training data): the columns compared are {@code
   * options.columns()}, or else those of {@code current}, and {@code reference} must have them all.
   * The caller closes both.
   */
  public DriftReport compare(TableReader reference, String referenceShown, TableReader current, String currentShown, Options options) {
    List<String> columns = options.columns().isEmpty() ? List.of(current.header()) : options.columns();
    Set<String> inRef = new LinkedHashSet<>(Arrays.asList(reference.header()));
    Set<String> inCur = new LinkedHashSet<>(Arrays.asList(current.header()));
    for (String c : columns) {
      if (!inRef.contains(c) || !inCur.contains(c)) {
        throw new BadInputException("column '" + c + "' is not in " + (inRef.contains(c) ? currentShown : referenceShown),
            "compare the columns both have");
      }
    }
    return report(reference, referenceShown, current, currentShown, columns, options);
  }

  private DriftReport report(TableReader ref, String refShown, TableReader cur, String curShown, List<String> columns, Options options) {
    // the current data is read on a second thread while this one reads the reference
    CompletableFuture<Sample> curRead = CompletableFuture.supplyAsync(() -> Sample.read(cur, curShown, columns, options.categorical()),
        r -> daemon(r, "mlctl-drift-read").start());
    Sample refSample = Sample.read(ref, refShown, columns, options.categorical());
    Sample curSample = join(curRead);
    for (String c : columns) {
      checkTypes(refSample.column(c), curSample.column(c), refShown, curShown);
    }
    List<ColumnDrift> results = compareAll(columns, refSample, curSample, options);
    long drifted = results.stream().filter(ColumnDrift::drifted).count();
    double share = results.isEmpty() ? 0 : (double) drifted / results.size();
    List<ColumnDrift> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing(ColumnDrift::drifted).thenComparingDouble(ColumnDrift::score).reversed()
        .thenComparing(ColumnDrift::name));
    return new DriftReport(refShown, curShown, refSample.rows(), curSample.rows(), sorted, share, options.driftShare(),
        !results.isEmpty() && share >= options.driftShare());
  }

  static List<String> columns(String[] refHeader, String[] curHeader, Source reference, Source current, List<String> wanted,
      boolean currentIsLog) {
    Set<String> inRef = new LinkedHashSet<>(Arrays.asList(refHeader));
    Set<String> inCur = new LinkedHashSet<>(Arrays.asList(curHeader));
    if (currentIsLog && inCur.isEmpty()) {
      throw new BadInputException(current.shownAs() + ": no logged requests" + (current.model() == null ? "" : " to model '" + current.model() + "'"),
          "serve some requests first, or point --current at a CSV file");
    }
    List<String> cols = new ArrayList<>(!wanted.isEmpty() ? new LinkedHashSet<>(wanted) : currentIsLog ? inCur : inRef);
    for (String c : cols) {
      if (!inRef.contains(c)) {
        throw new BadInputException("column '" + c + "' is not in " + reference.shownAs(), hint(wanted, inRef));
      }
      if (!inCur.contains(c)) {
        throw new BadInputException("column '" + c + "' is not in " + current.shownAs(), hint(wanted, inCur));
      }
    }
    if (wanted.isEmpty() && !currentIsLog) {
      for (String c : inCur) {
        if (!inRef.contains(c)) {
          throw new BadInputException("column '" + c + "' is not in " + reference.shownAs(), hint(wanted, inRef));
        }
      }
    }
    return cols;
  }

  private static String hint(List<String> wanted, Set<String> has) {
    return wanted.isEmpty() ? "compare the columns both files have with --columns" : "it has " + String.join(", ", has);
  }

  private static void checkTypes(ColumnSample ref, ColumnSample cur, String refShown, String curShown) {
    if (ref.present() == 0 || cur.present() == 0 || ref.type() == cur.type()) {
      return;
    }
    ColumnSample text = ref.type() == ColumnType.CATEGORICAL ? ref : cur;
    String numbers = text == ref ? curShown : refShown;
    throw new BadInputException("column '" + ref.name() + "' holds numbers in " + numbers + " but text in " + (text == ref ? refShown : curShown)
        + " (" + text.textExample() + ")", "fix the value, or make the column text in both files");
  }

  private static List<ColumnDrift> compareAll(List<String> columns, Sample ref, Sample cur, Options o) {
    int threads = Math.max(1, Math.min(columns.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "mlctl-drift"));
    try {
      List<Future<ColumnDrift>> futures = new ArrayList<>();
      for (String c : columns) {
        futures.add(pool.submit(() -> ColumnComparison.compare(ref.column(c), cur.column(c), o.method(), o.threshold())));
      }
      List<ColumnDrift> out = new ArrayList<>();
      for (Future<ColumnDrift> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** The sampled columns of one data set. */
  record Sample(Map<String, ColumnSample> columns, long rows) {
    ColumnSample column(String name) {
      return columns.get(name);
    }

    static Sample read(TableReader rows, String shownAs, List<String> names, Set<String> categorical) {
      String[] header = rows.header();
      int[] index = new int[names.size()];
      ColumnBuilder[] builders = new ColumnBuilder[names.size()];
      for (int i = 0; i < index.length; i++) {
        index[i] = Arrays.asList(header).indexOf(names.get(i));
        builders[i] = new ColumnBuilder(names.get(i), categorical.contains(names.get(i)));
      }
      long n = 0;
      for (String[] row = rows.next(); row != null; row = rows.next()) {
        n++;
        for (int i = 0; i < index.length; i++) {
          builders[i].add(row[index[i]], rows);
        }
      }
      Map<String, ColumnSample> out = new java.util.LinkedHashMap<>();
      for (ColumnBuilder b : builders) {
        ColumnSample s = b.build();
        out.put(s.name(), s);
      }
      return new Sample(out, n);
    }
  }
}
