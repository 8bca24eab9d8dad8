package io.mlctl.serve;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.drift.DriftReport;
import io.mlctl.core.validate.Schema;
import io.mlctl.serve.log.RequestLog;
import io.mlctl.serve.log.RequestLogEntry;
import io.mlctl.serve.metrics.ServeMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The models one server serves and everything that happens to them: loading, scoring a request
 * (with canary and shadow), the request log and metrics, and hot reload when an alias moves. The
 * HTTP layer only turns payloads into {@link Table}s and {@link Scores} into payloads. Thread-safe;
 * {@link #close()} stops the reloader and the shadow, then drains and closes the request log.
 */
public final class Deployment implements Readiness, AutoCloseable {
  /**
   * What to serve.
   *
   * @param refs the models, each a path, {@code NAME@ALIAS} or {@code NAME@vN}
   * @param canaryRef another version that answers {@code canaryPercent} of the requests for the
   *     model of the same name (or for the only model), or null
   * @param shadowRef a version that scores every request of that model off the request path, or null
   */
  public record Plan(List<String> refs, String canaryRef, int canaryPercent, String shadowRef) {
    public Plan {
      refs = List.copyOf(refs);
      if (refs.isEmpty()) {
        throw new BadArgumentException("name at least one model to serve", "mlctl serve NAME@ALIAS");
      }
      if (canaryRef != null && (canaryPercent < 0 || canaryPercent > 100)) {
        throw new BadArgumentException("--canary share " + canaryPercent + " is not a percentage", "use REF=PCT with PCT from 0 to 100");
      }
    }

    public static Plan of(String... refs) {
      return new Plan(List.of(refs), null, 0, null);
    }
  }

  /** The answer to one request: the version that gave it, in which role, and the scores. */
  record Answer(ServedModel model, Slot.Role role, Scores scores) {}

  /** What a reload did to one reference. */
  public record Change(String name, String ref, String from, String to, String error) {
    public boolean changed() {
      return error == null && to != null && !to.equals(from);
    }
  }

  private final ModelSource source;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final List<Binding> bindings = new ArrayList<>();
  private final ServeMetrics metrics;
  private final RequestLog log;
  private final Consumer<String> notices;
  private final ExecutorService shadows;
  private final Reloader reloader;
  private volatile DriftMonitor drift;
  private volatile RequestSchema schema;

  /**
   * @param log where served requests are recorded, or null for nowhere
   * @param notices one-line messages about reloads (to standard error, in the command)
   */
  public Deployment(ModelSource source, Plan plan, ServeMetrics metrics, RequestLog log, Consumer<String> notices) {
    this.source = source;
    this.metrics = metrics;
    this.log = log;
    this.notices = notices;
    for (String ref : plan.refs()) {
      String name = source.nameOf(ref);
      if (slots.containsKey(name)) {
        throw new BadArgumentException("two models named '" + name + "'", "serve each name once");
      }
      slots.put(name, new Slot(name, bind(ref), null, 0, null));
    }
    if (plan.canaryRef() != null) {
      Slot s = slotFor(plan.canaryRef(), "--canary");
      slots.put(s.name(), new Slot(s.name(), s.primary(), bind(plan.canaryRef()), plan.canaryPercent(), s.shadow()));
    }
    if (plan.shadowRef() != null) {
      Slot s = slotFor(plan.shadowRef(), "--shadow");
      slots.put(s.name(), new Slot(s.name(), s.primary(), s.canary(), s.canaryPercent(), bind(plan.shadowRef())));
    }
    this.reloader = new Reloader(source, bindings, notices);
    // One thread with a bounded queue: a slow shadow sheds its own work, never the caller's.
    this.shadows = plan.shadowRef() == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1024), daemon("mlctl-shadow"), new ThreadPoolExecutor.DiscardPolicy());
  }

  private Binding bind(String ref) {
    Binding b = new Binding(ref, source.follows(ref));
    bindings.add(b);
    return b;
  }

  private Slot slotFor(String ref, String option) {
    Slot s = slots.get(source.nameOf(ref));
    if (s != null) {
      return s;
    }
    if (slots.size() == 1) {
      return slots.values().iterator().next();
    }
    throw new BadArgumentException(option + " " + ref + " matches none of the served models by name",
        "serve a version of the same model, or serve one model only");
  }

  /**
   * Keeps each model's recent instances and compares them with its training data (or {@code
   * settings.reference()}) in the background, for {@code GET /v1/models/NAME/drift} and the
   * {@code mlctl_drift_score} gauges. Call before serving.
   */
  public void monitorDrift(DriftSettings settings) {
    if (drift != null) {
      drift.close();
    }
    drift = new DriftMonitor(settings, source, slots.values(), metrics, notices);
  }

  /** Checks every request against {@code rules} (those of {@code mlctl validate}). Call before serving. */
  public void requireSchema(Schema rules) {
    schema = new RequestSchema(rules);
  }

  /** The drift report of a model's recent traffic; 409 when there is no reference or no traffic. */
  DriftReport drift(Slot slot) {
    DriftMonitor d = drift;
    if (d == null) {
      throw new ApiException(409, "drift_off", "this server does not watch for drift");
    }
    return d.report(slot);
  }

  /** Predicted-label rates per group of {@code column}: training data against recent traffic. */
  io.mlctl.core.drift.SliceRates slices(Slot slot, String column) {
    DriftMonitor d = drift;
    if (d == null) {
      throw new ApiException(409, "drift_off", "this server does not watch for drift");
    }
    return d.slices(slot, column);
  }

  /** Loads every version; the first that fails stops it (exit 3 or 5 in the command). */
  public void load() {
    for (Binding b : bindings) {
      Object stamp = b.follows() ? source.stamp(b.ref()) : null;
      b.swap(source.load(b.ref()));
      b.stamp(stamp);
    }
  }

  @Override
  public boolean ready() {
    for (Slot s : slots.values()) {
      if (!s.loaded()) {
        return false;
      }
    }
    return true;
  }

  /** The served models by name, in the order given. */
  Collection<Slot> slots() {
    return slots.values();
  }

  /** The primary version of every model, in the order given (empty names before loading). */
  public List<ServedModel> served() {
    List<ServedModel> out = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.current() != null) {
        out.add(s.current());
      }
    }
    return out;
  }

  /** The version answering now when the server serves one model, else null. */
  ServedModel only() {
    return slots.size() == 1 ? first().current() : null;
  }

  /** A model by name, or 404. */
  Slot slot(String name) {
    Slot s = slots.get(name);
    if (s == null) {
      throw ApiException.unknownModel(name, slots.keySet());
    }
    return s;
  }

  /** The first model given: the one MLflow's single-model {@code /invocations} scores. */
  Slot first() {
    return slots.values().iterator().next();
  }

  ServeMetrics metrics() {
    return metrics;
  }

  /** Scores one request's instances with the version the slot picks, logs it and feeds the shadow. */
  Answer score(Slot slot, Table table, boolean strict, String requestId, long startNanos) {
    Slot.Pick pick = slot.pick();
    ServedModel m = pick.model();
    if (m == null) {
      throw ApiException.notReady("model '" + slot.name() + "' is still loading");
    }
    Instance[] rows = m.scorer().read(table, strict);
    RequestSchema rules = schema;
    if (rules != null) {
      rules.check(m, rows);
    }
    Scores s = m.scorer().score(rows);
    DriftMonitor d = drift;
    if (d != null) {
      d.offer(slot, m, rows);
    }
    if (s.classification()) {
      for (String label : s.labels()) {
        metrics.prediction(m.name(), m.version(), label);
      }
    }
    if (log != null) {
      log.append(entry(requestId, m, pick.role(), rows, s, (System.nanoTime() - startNanos) / 1e6));
    }
    ServedModel shadow = slot.shadowModel();
    if (shadow != null) {
      shadows.execute(() -> shadow(shadow, table, strict, requestId));
    }
    return new Answer(m, pick.role(), s);
  }

  private void shadow(ServedModel m, Table table, boolean strict, String requestId) {
    long start = System.nanoTime();
    try {
      Instance[] rows = m.scorer().read(table, strict);
      Scores s = m.scorer().score(rows);
      if (log != null) {
        log.append(entry(requestId, m, Slot.Role.SHADOW, rows, s, (System.nanoTime() - start) / 1e6));
      }
    } catch (RuntimeException e) {
      // The shadow's failures are its own: recorded for comparison, never seen by the client.
      if (log != null) {
        log.append(new RequestLogEntry(requestId, Instant.now(), m.name(), m.version(), Slot.Role.SHADOW.id(), List.of(),
            List.of(Map.of("error", String.valueOf(e.getMessage()))), (System.nanoTime() - start) / 1e6));
      }
    }
  }

  private static RequestLogEntry entry(String requestId, ServedModel m, Slot.Role role, Instance[] rows, Scores s, double ms) {
    List<Map<String, Object>> inputs = new ArrayList<>(rows.length);
    for (Instance in : rows) {
      inputs.add(in.asMap(m.scorer().features()));
    }
    List<Object> outputs = new ArrayList<>(rows.length);
    for (int i = 0; i < s.size(); i++) {
      Map<String, Object> o = new LinkedHashMap<>();
      if (s.classification()) {
        o.put("label", s.labels()[i]);
        Map<String, Object> scores = new LinkedHashMap<>();
        for (int c = 0; c < s.classes().size(); c++) {
          scores.put(s.classes().get(c), s.scores()[i][c]);
        }
        o.put("scores", scores);
      } else {
        o.put("value", s.values()[i]);
      }
      outputs.add(o);
    }
    // The time the request arrived, as the log's readers expect.
    Instant arrived = Instant.now().minusNanos((long) (ms * 1e6));
    return new RequestLogEntry(requestId, arrived, m.name(), m.version(), role.id(), inputs, outputs, ms);
  }

  /**
   * Looks again at every reference that follows an alias and loads the versions that moved, each
   * swapped in only once loaded, so requests keep being answered throughout. Without
   * {@code force}, a reference whose registry file has not changed is not even resolved.
   */
  public List<Change> reload(boolean force) {
    return reloader.reload(force);
  }

  /** Checks the registry for moved aliases every {@code every}, in the background. */
  public void follow(Duration every) {
    reloader.follow(every);
  }

  @Override
  public void close() {
    reloader.close();
    if (drift != null) {
      drift.close();
    }
    if (shadows != null) {
      shadows.shutdown();
      try {
        shadows.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (log != null) {
      log.close();
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
