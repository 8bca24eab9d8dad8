package io.mlctl.serve.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The server's Prometheus metrics, in a registry of its own (never the client's global default,
 * so two servers in one JVM, as in tests, count apart), with the JVM's basics beside them.
 *
 * <ul>
 *   <li>{@code mlctl_requests_total{model,version,status}}: answered requests by HTTP status;
 *   <li>{@code mlctl_request_duration_seconds{model,version}}: a histogram of their latency;
 *   <li>{@code mlctl_predictions_total{model,version,label}}: predicted labels;
 *   <li>{@code mlctl_drift_score{model,feature}}: the latest drift score of a served feature;
 *   <li>{@code mlctl_request_log_dropped_total}: request-log lines lost to a full queue.
 * </ul>
 *
 * <p>Thread-safe: every method may be called from any thread. The recording methods are on the
 * request path, so the data points of each model and version are looked up once and kept: a
 * request costs two map reads and two atomic updates. Label values are the caller's; pass the
 * names of loaded models and their versions (not raw URL segments), so the number of series stays
 * bounded.
 */
public final class ServeMetrics {
  /** Upper bounds in seconds: a loaded model answers in well under a millisecond, so the
   *  client's defaults (5 ms and up) would put nearly every request in the first bucket. */
  static final double[] DURATION_BUCKETS = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private static final int MAX_STATUS = 600;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer =
      ExpositionFormats.init().getPrometheusTextFormatWriter();
  private final Counter requests;
  private final Histogram duration;
  private final Counter predictions;
  private final Gauge drift;
  private final Counter logDropped;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Series>> series =
      new ConcurrentHashMap<>();
  private final CompletableFuture<Void> jvm = new CompletableFuture<>();

  private ServeMetrics() {
    requests = Counter.builder()
        .name("mlctl_requests_total")
        .help("Requests answered, by model, version and HTTP status")
        .labelNames("model", "version", "status")
        // the text format carries no exemplars: skip sampling them on every increment
        .withoutExemplars()
        .register(registry);
    duration = Histogram.builder()
        .name("mlctl_request_duration_seconds")
        .help("Time from a request's arrival to its answer, by model and version")
        .labelNames("model", "version")
        // classic buckets only: the text format carries no native histogram, so it would be dead weight on every observe
        .classicOnly()
        .classicUpperBounds(DURATION_BUCKETS)
        .withoutExemplars()
        .register(registry);
    predictions = Counter.builder()
        .name("mlctl_predictions_total")
        .help("Predicted labels, by model and version")
        .labelNames("model", "version", "label")
        .withoutExemplars()
        .register(registry);
    drift = Gauge.builder()
        .name("mlctl_drift_score")
        .help("Latest drift score of a served feature against the model's training data")
        .labelNames("model", "feature")
        .register(registry);
    logDropped = Counter.builder()
        .name("mlctl_request_log_dropped_total")
        .help("Request-log lines dropped because the log's queue was full")
        .register(registry);
    // The JVM's metrics load java.management and some 200 classes: ~120 ms of CPU that would
    // otherwise delay the server's start. They register on a thread of their own; a scrape waits.
    Thread t = new Thread(() -> {
      try {
        JvmMetrics.builder().register(registry);
        jvm.complete(null);
      } catch (Throwable e) {
        jvm.completeExceptionally(e);
      }
    }, "mlctl-jvm-metrics");
    t.setDaemon(true);
    t.start();
  }

  public static ServeMetrics create() {
    return new ServeMetrics();
  }

  /** Counts one answered request and its latency. */
  public void request(String model, String version, int status, double seconds) {
    Series s = series(model, version);
    s.duration.observe(seconds);
    s.status(status).inc();
  }

  /** Counts one predicted label (one per instance of a request). */
  public void prediction(String model, String version, String label) {
    series(model, version).label(label).inc();
  }

  /** Sets the latest drift score of one feature. */
  public void drift(String model, String feature, double score) {
    drift.labelValues(model, feature).set(score);
  }

  /** Adds request-log lines that were dropped. */
  public void logDropped(long lines) {
    logDropped.inc(lines);
  }

  /** The content type of what {@link #scrape} writes (Prometheus text format 0.0.4). */
  public String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric, in the Prometheus text format, to {@code out} (not closed). The first
   *  scrape may wait for the JVM's metrics to finish registering (a fraction of a second after
   *  {@link #create()}). */
  public void scrape(OutputStream out) throws IOException {
    try {
      jvm.join();
    } catch (CompletionException e) {
      // without the JVM's metrics the server's own still count: scrape them regardless
    }
    writer.write(out, registry.scrape());
  }

  private Series series(String model, String version) {
    ConcurrentHashMap<String, Series> versions = series.get(model);
    if (versions == null) {
      versions = series.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
    }
    Series s = versions.get(version);
    if (s == null) {
      s = versions.computeIfAbsent(version, v -> new Series(model, v));
    }
    return s;
  }

  /** The data points of one model version, created on first use and then only read. */
  private final class Series {
    private final String model;
    private final String version;
    private final DistributionDataPoint duration;
    // indexed by status code: no string is built for the label on the request path
    private final AtomicReferenceArray<CounterDataPoint> byStatus =
        new AtomicReferenceArray<>(MAX_STATUS);
    private final ConcurrentHashMap<String, CounterDataPoint> byLabel = new ConcurrentHashMap<>();

    Series(String model, String version) {
      this.model = model;
      this.version = version;
      this.duration = ServeMetrics.this.duration.labelValues(model, version);
    }

    CounterDataPoint status(int status) {
      if (status < 0 || status >= MAX_STATUS) {
        return requests.labelValues(model, version, Integer.toString(status));
      }
      CounterDataPoint point = byStatus.get(status);
      if (point == null) {
        // labelValues returns the same data point for the same values, so a race here is harmless
        point = requests.labelValues(model, version, Integer.toString(status));
        byStatus.set(status, point);
      }
      return point;
    }

    CounterDataPoint label(String label) {
      CounterDataPoint point = byLabel.get(label);
      if (point == null) {
        point = byLabel.computeIfAbsent(label, l -> predictions.labelValues(model, version, l));
      }
      return point;
    }
  }
}
