package io.mlctl.core.exp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment run, as kept in {@code .mlctl/runs/ID.json}: when it ran, on which commit and
 * whether the tree differed from it, its parameters, its metrics (from the metrics files and the
 * last value of each logged series), the logged series whole, the hashes of the stages'
 * dependencies and outputs, and how it ended. Immutable; the {@code with…} methods and
 * {@link #toBuilder()} make changed copies.
 *
 * @param name a readable name, unique among the runs (given with {@code exp run -n}, else generated)
 * @param status {@code running}, {@code success}, {@code failed}, or {@code killed} for a run whose
 *     process is gone while its record still says {@code running} (see {@link #observed()})
 * @param pid the process that runs the run, and {@code pidStarted} its start time, so that a reader
 *     can tell a run that is still going from one whose process was killed
 * @param targets the stages asked for (empty: the whole pipeline)
 * @param stages the stages that ran (or were restored from the run cache) in this run
 * @param overrides the {@code -S} values applied before the run
 * @param paramFiles parameter file to the hash of its bytes in the cache, for {@code exp apply}
 * @param lockFile the hash of {@code mlctl.lock} in the cache after the run, for {@code exp apply}
 * @param loggedParams what stages logged with {@code log param} (also in {@code params})
 * @param loggedBy which stage logged a series ({@code metric:NAME}) or a parameter ({@code param:NAME})
 */
@JsonPropertyOrder({"id", "name", "tags", "note", "started", "ended", "commit", "dirty", "status", "pid",
    "pid_started", "targets", "stages", "overrides", "params", "metrics", "series", "deps", "outs", "param_files",
    "lock_file", "logged_params", "logged_by"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunRecord(String id, String name, Map<String, String> tags, String note, String started, String ended,
    String commit, boolean dirty, String status, Long pid, @JsonProperty("pid_started") String pidStarted,
    List<String> targets, List<String> stages, Map<String, Object> overrides, Map<String, Object> params,
    Map<String, Object> metrics, Map<String, List<Point>> series, Map<String, String> deps, Map<String, String> outs,
    @JsonProperty("param_files") Map<String, String> paramFiles, @JsonProperty("lock_file") String lockFile,
    @JsonProperty("logged_params") Map<String, Object> loggedParams,
    @JsonProperty("logged_by") Map<String, String> loggedBy) {
  public static final String RUNNING = "running";
  public static final String SUCCESS = "success";
  public static final String FAILED = "failed";
  public static final String KILLED = "killed";
  public static final String LOGGED = "logged";

  public RunRecord {
    tags = copy(tags);
    targets = targets == null ? List.of() : List.copyOf(targets);
    stages = stages == null ? List.of() : List.copyOf(stages);
    overrides = copy(overrides);
    params = copy(params);
    metrics = copy(metrics);
    Map<String, List<Point>> s = new LinkedHashMap<>();
    if (series != null) {
      series.forEach((k, v) -> s.put(k, List.copyOf(v)));
    }
    series = Collections.unmodifiableMap(s);
    deps = copy(deps);
    outs = copy(outs);
    paramFiles = copy(paramFiles);
    loggedParams = copy(loggedParams);
    loggedBy = copy(loggedBy);
  }

  /**
   * One logged value of a series, as MLflow keeps metric history. The time is kept in milliseconds
   * since the epoch and written as ISO 8601, like every other time mlctl writes; records that hold
   * the milliseconds as a number (older ones) read as well.
   */
  @JsonPropertyOrder({"step", "value", "timestamp"})
  public record Point(long step, double value,
      @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = IsoMillis.class)
      @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = MillisOrIso.class) long timestamp) {}

  /** Epoch milliseconds written as an ISO 8601 instant. */
  static final class IsoMillis extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Long> {
    IsoMillis() {
      super(Long.class);
    }

    @Override
    public void serialize(Long millis, com.fasterxml.jackson.core.JsonGenerator gen,
        com.fasterxml.jackson.databind.SerializerProvider provider) throws java.io.IOException {
      gen.writeString(java.time.Instant.ofEpochMilli(millis).toString());
    }
  }

  /** An ISO 8601 instant, or a number of epoch milliseconds as older records hold it. */
  static final class MillisOrIso extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<Long> {
    MillisOrIso() {
      super(Long.class);
    }

    @Override
    public Long deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctx)
        throws java.io.IOException {
      if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      String text = p.getValueAsString();
      try {
        return java.time.Instant.parse(text).toEpochMilli();
      } catch (RuntimeException notATime) {
        return (Long) ctx.handleWeirdStringValue(Long.class, text, "not an ISO 8601 time");
      }
    }
  }

  /** A run known only by its id, as a test or a hand-made record starts one. */
  public static RunRecord empty(String id, String started) {
    Builder b = new Builder();
    b.id = id;
    b.started = started;
    b.status = LOGGED;
    return b.build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A logged parameter; {@code stage} (null if unknown) is the stage that logged it. */
  public RunRecord withParam(String name, Object value, String stage) {
    Builder b = toBuilder();
    b.params.put(name, value);
    b.loggedParams.put(name, value);
    if (stage != null) {
      b.loggedBy.put("param:" + name, stage);
    }
    return b.build();
  }

  public RunRecord withParam(String name, Object value) {
    return withParam(name, value, null);
  }

  /** Appends a point to a series; the series' last value is also the metric's value. */
  public RunRecord withPoint(String name, Point point, String stage) {
    return withPoints(name, List.of(point), stage);
  }

  public RunRecord withPoint(String name, Point point) {
    return withPoint(name, point, null);
  }

  /** Appends points to a series, in their order. */
  public RunRecord withPoints(String name, List<Point> points, String stage) {
    Builder b = toBuilder();
    List<Point> l = new ArrayList<>(b.series.getOrDefault(name, List.of()));
    l.addAll(points);
    b.series.put(name, l);
    if (stage != null) {
      b.loggedBy.put("metric:" + name, stage);
    }
    return b.build();
  }

  /**
   * The record with what the run's end adds; logged params and series are kept.
   *
   * @param params the parameter files' keys; what stages logged is laid over them
   */
  public RunRecord finished(String ended, String status, List<String> stages, Map<String, Object> params,
      Map<String, Object> metrics, Map<String, String> deps, Map<String, String> outs,
      Map<String, String> paramFiles, String lockFile) {
    Builder b = toBuilder();
    b.ended = ended;
    b.status = status;
    b.stages = new ArrayList<>(stages);
    b.params = new LinkedHashMap<>(params);
    b.params.putAll(loggedParams);
    b.metrics = withSeries(metrics, series, SeriesSummary.LAST);
    b.deps = new LinkedHashMap<>(deps);
    b.outs = new LinkedHashMap<>(outs);
    b.paramFiles = new LinkedHashMap<>(paramFiles);
    b.lockFile = lockFile;
    b.pid = null;
    b.pidStarted = null;
    return b.build();
  }

  /** How a logged series stands for one number among the metrics. */
  public enum SeriesSummary { LAST, MIN, MAX }

  /**
   * The metrics files' numbers with one number per logged series: under the series' name, or
   * {@code series:NAME} when a metrics file has a key of that name, so both are shown.
   * By name, so the columns of exp show do not depend on which stage logged first.
   */
  public static Map<String, Object> withSeries(Map<String, Object> fileMetrics, Map<String, List<Point>> series,
      SeriesSummary summary) {
    Map<String, Object> m = new LinkedHashMap<>(fileMetrics);
    new java.util.TreeMap<>(series).forEach((name, points) -> {
      if (points.isEmpty()) {
        return;
      }
      double v = switch (summary) {
        case LAST -> points.get(points.size() - 1).value();
        case MIN -> points.stream().mapToDouble(Point::value).min().orElseThrow();
        case MAX -> points.stream().mapToDouble(Point::value).max().orElseThrow();
      };
      m.put(fileMetrics.containsKey(name) ? "series:" + name : name, v);
    });
    return m;
  }

  /** The metrics with each series summarised another way than by its last value. */
  public Map<String, Object> metrics(SeriesSummary summary) {
    if (summary == SeriesSummary.LAST) {
      return metrics;
    }
    Map<String, Object> files = new LinkedHashMap<>(metrics);
    series.keySet().forEach(n -> {
      if (files.containsKey("series:" + n)) {
        files.remove("series:" + n);
      } else {
        files.remove(n);
      }
    });
    return withSeries(files, series, summary);
  }

  /** The step after the series' last, or 0 for a new series. */
  public long nextStep(String name) {
    List<Point> l = series.getOrDefault(name, List.of());
    return l.isEmpty() ? 0 : l.get(l.size() - 1).step() + 1;
  }

  /** Whether a stage logged anything into this run. */
  public boolean hasLogged() {
    return !series.isEmpty() || !loggedParams.isEmpty();
  }

  /**
   * The record as a reader should see it: a run still marked {@code running} whose process is
   * gone (or is another process that reuses its id) was killed before it could say how it ended.
   */
  public RunRecord observed() {
    if (!RUNNING.equals(status) || pid == null || Processes.alive(pid, pidStarted)) {
      return this;
    }
    Builder b = toBuilder();
    b.status = KILLED;
    return b.build();
  }

  /** The name to show: the run's name, else its id. */
  public String label() {
    return name == null || name.isEmpty() ? id : name;
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    // Values may be null (a YAML `key: null`), which Map.copyOf refuses.
    return Collections.unmodifiableMap(m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m));
  }

  /** A changeable copy of a record. Not thread-safe. */
  public static final class Builder {
    public String id;
    public String name;
    public Map<String, String> tags = new LinkedHashMap<>();
    public String note;
    public String started;
    public String ended;
    public String commit;
    public boolean dirty;
    public String status;
    public Long pid;
    public String pidStarted;
    public List<String> targets = new ArrayList<>();
    public List<String> stages = new ArrayList<>();
    public Map<String, Object> overrides = new LinkedHashMap<>();
    public Map<String, Object> params = new LinkedHashMap<>();
    public Map<String, Object> metrics = new LinkedHashMap<>();
    public Map<String, List<Point>> series = new LinkedHashMap<>();
    public Map<String, String> deps = new LinkedHashMap<>();
    public Map<String, String> outs = new LinkedHashMap<>();
    public Map<String, String> paramFiles = new LinkedHashMap<>();
    public String lockFile;
    public Map<String, Object> loggedParams = new LinkedHashMap<>();
    public Map<String, String> loggedBy = new LinkedHashMap<>();

    public Builder() {}

    Builder(RunRecord r) {
      id = r.id;
      name = r.name;
      tags = new LinkedHashMap<>(r.tags);
      note = r.note;
      started = r.started;
      ended = r.ended;
      commit = r.commit;
      dirty = r.dirty;
      status = r.status;
      pid = r.pid;
      pidStarted = r.pidStarted;
      targets = new ArrayList<>(r.targets);
      stages = new ArrayList<>(r.stages);
      overrides = new LinkedHashMap<>(r.overrides);
      params = new LinkedHashMap<>(r.params);
      metrics = new LinkedHashMap<>(r.metrics);
      series = new LinkedHashMap<>(r.series);
      deps = new LinkedHashMap<>(r.deps);
      outs = new LinkedHashMap<>(r.outs);
      paramFiles = new LinkedHashMap<>(r.paramFiles);
      lockFile = r.lockFile;
      loggedParams = new LinkedHashMap<>(r.loggedParams);
      loggedBy = new LinkedHashMap<>(r.loggedBy);
    }

    public RunRecord build() {
      return new RunRecord(id, name, tags, note, started, ended, commit, dirty, status, pid, pidStarted, targets, stages,
          overrides, params, metrics, series, deps, outs, paramFiles, lockFile, loggedParams, loggedBy);
    }
  }
}
