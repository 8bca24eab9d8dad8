package io.mlctl.core.exp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment run, as kept in {@code .mlctl/runs/ID.json}: when it ran, on which commit and
 * whether the tree differed from it, its parameters, its metrics (from the metrics files and the
 * last value of each logged series), the logged series whole, the hashes of the stages'
 * dependencies and outputs, and how it ended. Immutable; the {@code with…} methods return copies.
 *
 * @param status {@code running}, {@code success} or {@code failed} for a run of {@code exp run};
 *     {@code logged} for a record that only {@code mlctl log} wrote (from a plain {@code repro})
 * @param stages the stages asked for (empty: the whole pipeline)
 * @param overrides the {@code -S} values applied before the run
 * @param paramFiles parameter file to the hash of its bytes in the cache, for {@code exp apply}
 * @param lockFile the hash of {@code mlctl.lock} in the cache after the run, for {@code exp apply}
 */
@JsonPropertyOrder({"id", "started", "ended", "commit", "dirty", "status", "stages", "overrides", "params", "metrics",
    "series", "deps", "outs", "param_files", "lock_file"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunRecord(String id, String started, String ended, String commit, boolean dirty, String status,
    List<String> stages, Map<String, Object> overrides, Map<String, Object> params, Map<String, Object> metrics,
    Map<String, List<Point>> series, Map<String, String> deps, Map<String, String> outs,
    @JsonProperty("param_files") Map<String, String> paramFiles, @JsonProperty("lock_file") String lockFile) {
  public static final String RUNNING = "running";
  public static final String SUCCESS = "success";
  public static final String FAILED = "failed";
  public static final String LOGGED = "logged";

  public RunRecord {
    stages = stages == null ? List.of() : List.copyOf(stages);
    overrides = copy(overrides);
    params = copy(params);
    metrics = copy(metrics);
    Map<String, List<Point>> s = new LinkedHashMap<>();
    if (series != null) {
      series.forEach((k, v) -> s.put(k, List.copyOf(v)));
    }
    series = java.util.Collections.unmodifiableMap(s);
    deps = copy(deps);
    outs = copy(outs);
    paramFiles = copy(paramFiles);
  }

  /** One logged value of a series, as MLflow keeps metric history. */
  @JsonPropertyOrder({"step", "value", "timestamp"})
  public record Point(long step, double value, long timestamp) {}

  /** A run known only by its id: what a stage's first log line creates when no run record exists yet. */
  public static RunRecord empty(String id, String started) {
    return new RunRecord(id, started, null, null, false, LOGGED, List.of(), Map.of(), Map.of(), Map.of(), Map.of(),
        Map.of(), Map.of(), Map.of(), null);
  }

  public RunRecord withParam(String name, Object value) {
    Map<String, Object> p = new LinkedHashMap<>(params);
    p.put(name, value);
    return new RunRecord(id, started, ended, commit, dirty, status, stages, overrides, p, metrics, series, deps, outs,
        paramFiles, lockFile);
  }

  /** Appends a point to a series; the series' last value is also the metric's value. */
  public RunRecord withPoint(String name, Point point) {
    Map<String, List<Point>> s = new LinkedHashMap<>(series);
    List<Point> l = new ArrayList<>(s.getOrDefault(name, List.of()));
    l.add(point);
    s.put(name, l);
    return new RunRecord(id, started, ended, commit, dirty, status, stages, overrides, params, metrics, s, deps, outs,
        paramFiles, lockFile);
  }

  /** The record with what the run's end adds; logged params and series are kept. */
  public RunRecord finished(String ended, String status, Map<String, Object> metrics, Map<String, String> deps,
      Map<String, String> outs, Map<String, String> paramFiles, String lockFile) {
    Map<String, Object> m = new LinkedHashMap<>(metrics);
    // A logged series stands for its last value, unless a metrics file has the same name.
    // By name, so the columns of exp show do not depend on which stage logged first.
    new java.util.TreeMap<>(series).forEach((name, points) -> {
      if (!points.isEmpty()) {
        m.putIfAbsent(name, points.get(points.size() - 1).value());
      }
    });
    return new RunRecord(id, started, ended, commit, dirty, status, stages, overrides, params, m, series, deps, outs,
        paramFiles, lockFile);
  }

  /** The step after the series' last, or 0 for a new series. */
  public long nextStep(String name) {
    List<Point> l = series.getOrDefault(name, List.of());
    return l.isEmpty() ? 0 : l.get(l.size() - 1).step() + 1;
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    // Values may be null (a YAML `key: null`), which Map.copyOf refuses.
    return java.util.Collections.unmodifiableMap(m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m));
  }
}
