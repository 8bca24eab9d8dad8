package io.mlctl.serve;

import io.mlctl.core.MlctlException;
import io.mlctl.core.drift.ColumnDrift;
import io.mlctl.core.drift.Drift;
import io.mlctl.core.drift.DriftReport;
import io.mlctl.core.drift.Method;
import io.mlctl.core.model.Feature;
import io.mlctl.core.table.TableReader;
import io.mlctl.core.drift.SliceRates;
import io.mlctl.serve.metrics.ServeMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Drift of served traffic: each model's last {@link DriftSettings#window()} instances compared with the
 * data its version was trained on (or the {@code --reference} file). The request path only puts
 * instances into a {@link DriftWindow}; reports are computed on one background thread, every
 * {@link DriftSettings#refresh()} when traffic arrived and on demand for {@code GET
 * /v1/models/NAME/drift}, and the last one is kept. Each computation sets the
 * {@code mlctl_drift_score} gauges; one warning goes to the log when a model's data set starts to
 * drift, and one note when it stops. Thread-safe.
 */
final class DriftMonitor implements AutoCloseable {
  /** A computed report and the window position it saw, or why none could be computed. */
  private record Result(DriftReport report, ApiException error, long offered, long nanos) {}

  /** What one model's traffic is compared with. */
  private record Reference(Path file, String shown) {}

  private final class Watch {
    final Slot slot;
    final DriftWindow window;
    volatile Result last;
    CompletableFuture<Result> running;
    boolean drifted;

    Watch(Slot slot, int size) {
      this.slot = slot;
      this.window = new DriftWindow(size);
    }
  }

  private final DriftSettings settings;
  private final ModelSource source;
  private final ServeMetrics metrics;
  private final Consumer<String> notices;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final Map<String, Reference> references = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Deployment.daemon("mlctl-drift"));

  DriftMonitor(DriftSettings settings, ModelSource source, Collection<Slot> slots, ServeMetrics metrics, Consumer<String> notices) {
    this.settings = settings;
    this.source = source;
    this.metrics = metrics;
    this.notices = notices;
    for (Slot s : slots) {
      watches.put(s.name(), new Watch(s, settings.window()));
    }
    long every = settings.refresh().toMillis();
    executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /** On the request path: keeps the instances, nothing more. */
  void offer(Slot slot, ServedModel m, Instance[] rows) {
    Watch w = watches.get(slot.name());
    if (w != null) {
      w.window.offer(m, rows);
    }
  }

  /**
   * The model's drift report: the last one when it is recent enough, else a new one (computed on
   * the background thread; the caller waits for it).
   */
  DriftReport report(Slot slot) {
    Watch w = watches.get(slot.name());
    Result r = w.last;
    long now = System.nanoTime();
    long offered = w.window.offered();
    // a report is computed again once traffic arrived since the last: at once after a failure (no
    // traffic yet), else when a tenth of the window is new or the last report is old
    boolean stale = r == null || r.offered() != offered && (r.error() != null
        || offered - r.offered() >= Math.max(1, w.window.size() / 10) || now - r.nanos() >= settings.refresh().toNanos());
    if (stale) {
      r = await(submit(w));
    }
    if (r.error() != null) {
      throw r.error();
    }
    return r.report();
  }

  private Result await(CompletableFuture<Result> f) {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.notReady("interrupted while computing the drift report");
    } catch (TimeoutException e) {
      throw ApiException.notReady("the drift report is still being computed; ask again shortly");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }

  private synchronized CompletableFuture<Result> submit(Watch w) {
    if (w.running == null || w.running.isDone()) {
      w.running = CompletableFuture.supplyAsync(() -> compute(w), executor);
    }
    return w.running;
  }

  /** Runs on the background thread, as every computation does, so it never overlaps one. */
  private void tick() {
    for (Watch w : watches.values()) {
      Result r = w.last;
      if (w.window.offered() > 0 && (r == null || r.offered() != w.window.offered())) {
        try {
          compute(w);
        } catch (RuntimeException e) {
          // a bug: said once per tick on the log, and the next tick tries again
          notices.accept("mlctl serve: error: drift of " + w.slot.name() + ": " + e);
        }
      }
    }
  }

  /** Runs on the background thread only. */
  private Result compute(Watch w) {
    long offered = w.window.offered();
    Result r;
    try {
      r = new Result(report(w), null, offered, System.nanoTime());
    } catch (ApiException e) {
      r = new Result(null, e, offered, System.nanoTime());
    } catch (MlctlException e) {
      r = new Result(null, new ApiException(409, "no_reference", e.getMessage()), offered, System.nanoTime());
    }
    w.last = r;
    if (r.report() != null) {
      publish(w, r.report());
    }
    return r;
  }

  /**
   * The rate of each predicted label per group of {@code column}, in the training data and in the
   * recent traffic, both scored by the version serving now. Computed on the asking thread (the
   * drift endpoint's), never on the prediction path.
   */
  SliceRates slices(Slot slot, String column) {
    Watch w = watches.get(slot.name());
    ServedModel m = slot.current();
    if (m == null) {
      throw ApiException.notReady("model '" + slot.name() + "' is still loading");
    }
    if (m.scorer().card().task() != io.mlctl.core.model.Task.CLASSIFICATION) {
      throw ApiException.badRequest("?slice= counts predicted labels, and '" + m.name() + "' is a regression model");
    }
    Reference ref = reference(m);
    List<InstanceRows.Row> rows = w.window.snapshot();
    if (rows.isEmpty()) {
      throw new ApiException(409, "no_data", "no instances served to '" + m.name() + "' yet: the drift report compares served traffic");
    }
    List<String> names = m.scorer().features().stream().map(Feature::name).toList();
    if (!names.contains(column)) {
      throw ApiException.badRequest("?slice=" + column + ": not a feature of '" + m.name() + "' (served traffic holds "
          + String.join(", ", names) + ")");
    }
    String current = "the last " + rows.size() + " instances served to " + m.name();
    try {
      return SliceRates.of(m.model(), m.name() + "@" + m.version(), column, () -> TableReader.open(ref.file(), ref.shown()),
          () -> new InstanceRows(names.toArray(new String[0]), rows, current));
    } catch (io.mlctl.core.MlctlException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private DriftReport report(Watch w) {
    ServedModel m = w.slot.current();
    if (m == null) {
      throw ApiException.notReady("model '" + w.slot.name() + "' is still loading");
    }
    Reference ref = reference(m);
    List<InstanceRows.Row> rows = w.window.snapshot();
    if (rows.isEmpty()) {
      throw new ApiException(409, "no_data", "no instances served to '" + m.name() + "' yet: the drift report compares served traffic");
    }
    List<Feature> features = m.scorer().features();
    List<String> names = features.stream().map(Feature::name).toList();
    Set<String> categorical = features.stream().filter(f -> f.type() == Feature.Kind.CATEGORICAL).map(Feature::name)
        .collect(Collectors.toSet());
    String current = "the last " + rows.size() + " instances served to " + m.name();
    Drift.Options options = new Drift.Options(names, Method.AUTO, null, 0.5, categorical);
    try (TableReader reference = TableReader.open(ref.file(), ref.shown());
        InstanceRows served = new InstanceRows(names.toArray(new String[0]), rows, current)) {
      return new Drift().compare(reference, ref.shown(), served, current, options);
    }
  }

  private Reference reference(ServedModel m) {
    if (settings.reference() != null) {
      return new Reference(settings.reference(), settings.reference().toString());
    }
    if (!source.registered(m.ref())) {
      throw new ApiException(409, "no_reference", "model '" + m.name() + "' was served from a file, which names no registered"
          + " training data; start the server with --reference CSV");
    }
    String key = m.name() + "@" + m.version();
    Reference known = references.get(key);
    if (known != null) {
      return known;
    }
    Drift.Source s = source.trainingData(key);
    Reference r = new Reference(s.path(), s.shownAs());
    references.put(key, r);
    return r;
  }

  private void publish(Watch w, DriftReport r) {
    for (ColumnDrift c : r.columns()) {
      metrics.drift(w.slot.name(), c.name(), c.score());
    }
    if (r.datasetDrift() && !w.drifted) {
      notices.accept("mlctl serve: warning: " + w.slot.name() + ": drift in the served data: " + r.summary() + " (GET /v1/models/"
          + w.slot.name() + "/drift)");
    } else if (!r.datasetDrift() && w.drifted) {
      notices.accept("mlctl serve: " + w.slot.name() + ": the served data no longer drifts: " + r.summary());
    }
    w.drifted = r.datasetDrift();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
