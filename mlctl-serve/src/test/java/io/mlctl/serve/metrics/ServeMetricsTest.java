package io.mlctl.serve.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServeMetricsTest {
  private final ServeMetrics metrics = ServeMetrics.create();

  private static String scrape(ServeMetrics m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.scrape(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> lines(String scrape, String prefix) {
    return scrape.lines().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
  }

  @Test
  void scrape_namesEveryMetricAndLabelAsDocumented() throws Exception {
    metrics.request("iris", "v1", 200, 0.0003);
    metrics.prediction("iris", "v1", "setosa");
    metrics.drift("iris", "petal_length", 0.12);
    metrics.logDropped(3);

    String s = scrape(metrics);

    assertTrue(s.contains("# TYPE mlctl_requests_total counter\n"), s);
    assertTrue(s.contains("\nmlctl_requests_total{model=\"iris\",status=\"200\",version=\"v1\"} 1.0\n"), s);
    assertTrue(s.contains("# TYPE mlctl_request_duration_seconds histogram\n"), s);
    assertTrue(s.contains("\nmlctl_request_duration_seconds_count{model=\"iris\",version=\"v1\"} 1\n"), s);
    assertTrue(s.contains("# TYPE mlctl_predictions_total counter\n"), s);
    assertTrue(s.contains("\nmlctl_predictions_total{label=\"setosa\",model=\"iris\",version=\"v1\"} 1.0\n"), s);
    assertTrue(s.contains("# TYPE mlctl_drift_score gauge\n"), s);
    assertTrue(s.contains("\nmlctl_drift_score{feature=\"petal_length\",model=\"iris\"} 0.12\n"), s);
    assertTrue(s.contains("# TYPE mlctl_request_log_dropped_total counter\n"), s);
    assertTrue(s.contains("\nmlctl_request_log_dropped_total 3.0\n"), s);
  }

  @Test
  void scrape_includesTheJvmBasics() throws Exception {
    String s = scrape(metrics);

    assertFalse(lines(s, "jvm_memory_used_bytes{area=\"heap\"}").isEmpty(), s);
    assertFalse(lines(s, "jvm_threads_current").isEmpty(), s);
    assertFalse(lines(s, "jvm_gc_collection_seconds_count").isEmpty(), s);
  }

  @Test
  void requestDuration_fillsCumulativeBucketsDownToATenthOfAMillisecond() throws Exception {
    metrics.request("iris", "v1", 200, 0.00005);
    metrics.request("iris", "v1", 200, 0.0003);
    metrics.request("iris", "v1", 200, 0.02);
    metrics.request("iris", "v1", 200, 20);

    List<String> buckets = lines(scrape(metrics), "mlctl_request_duration_seconds_bucket");

    String p = "mlctl_request_duration_seconds_bucket{model=\"iris\",version=\"v1\",le=\"";
    assertEquals(List.of(
        p + "1.0E-4\"} 1", p + "2.5E-4\"} 1", p + "5.0E-4\"} 2", p + "0.001\"} 2",
        p + "0.0025\"} 2", p + "0.005\"} 2", p + "0.01\"} 2", p + "0.025\"} 3", p + "0.05\"} 3",
        p + "0.1\"} 3", p + "0.25\"} 3", p + "0.5\"} 3", p + "1.0\"} 3", p + "2.5\"} 3",
        p + "5.0\"} 3", p + "10.0\"} 3", p + "+Inf\"} 4"), buckets);
    assertEquals(List.of("mlctl_request_duration_seconds_sum{model=\"iris\",version=\"v1\"} 20.02035"),
        lines(scrape(metrics), "mlctl_request_duration_seconds_sum"));
  }

  @Test
  void requests_areCountedApartByModelVersionAndStatus() throws Exception {
    metrics.request("iris", "v1", 200, 0.001);
    metrics.request("iris", "v1", 200, 0.001);
    metrics.request("iris", "v1", 400, 0.001);
    metrics.request("iris", "v2", 200, 0.001);
    metrics.request("wine", "v1", 200, 0.001);
    metrics.request("wine", "v1", 999, 0.001);

    List<String> counts = lines(scrape(metrics), "mlctl_requests_total{");

    assertEquals(List.of(
        "mlctl_requests_total{model=\"iris\",status=\"200\",version=\"v1\"} 2.0",
        "mlctl_requests_total{model=\"iris\",status=\"200\",version=\"v2\"} 1.0",
        "mlctl_requests_total{model=\"iris\",status=\"400\",version=\"v1\"} 1.0",
        "mlctl_requests_total{model=\"wine\",status=\"200\",version=\"v1\"} 1.0",
        "mlctl_requests_total{model=\"wine\",status=\"999\",version=\"v1\"} 1.0"),
        counts.stream().sorted().collect(Collectors.toList()));
  }

  @Test
  void predictions_areCountedByLabel() throws Exception {
    metrics.prediction("iris", "v1", "setosa");
    metrics.prediction("iris", "v1", "setosa");
    metrics.prediction("iris", "v1", "virginica");

    assertEquals(List.of(
        "mlctl_predictions_total{label=\"setosa\",model=\"iris\",version=\"v1\"} 2.0",
        "mlctl_predictions_total{label=\"virginica\",model=\"iris\",version=\"v1\"} 1.0"),
        lines(scrape(metrics), "mlctl_predictions_total{").stream().sorted().collect(Collectors.toList()));
  }

  @Test
  void drift_keepsTheLatestScore() throws Exception {
    metrics.drift("iris", "sepal_width", 0.5);
    metrics.drift("iris", "sepal_width", 0.25);

    assertEquals(List.of("mlctl_drift_score{feature=\"sepal_width\",model=\"iris\"} 0.25"),
        lines(scrape(metrics), "mlctl_drift_score{"));
  }

  @Test
  void labelValues_areEscapedByTheClientsWriter() throws Exception {
    metrics.prediction("iris", "v1", "a \"quoted\" label\\");

    assertEquals(List.of(
        "mlctl_predictions_total{label=\"a \\\"quoted\\\" label\\\\\",model=\"iris\",version=\"v1\"} 1.0"),
        lines(scrape(metrics), "mlctl_predictions_total{"));
  }

  @Test
  void twoInstances_countApart() throws Exception {
    ServeMetrics other = ServeMetrics.create();
    other.request("iris", "v1", 200, 0.001);

    assertTrue(lines(scrape(metrics), "mlctl_requests_total{").isEmpty());
    assertEquals(1, lines(scrape(other), "mlctl_requests_total{").size());
  }

  @Test
  void request_fromManyThreads_losesNoCount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String version = "v" + (t % 2 + 1);
        done.add(pool.submit(() -> {
          for (int i = 0; i < 10_000; i++) {
            metrics.request("iris", version, 200, 0.001);
            metrics.prediction("iris", version, "setosa");
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    String s = scrape(metrics);
    assertEquals(List.of(
        "mlctl_requests_total{model=\"iris\",status=\"200\",version=\"v1\"} 20000.0",
        "mlctl_requests_total{model=\"iris\",status=\"200\",version=\"v2\"} 20000.0"),
        lines(s, "mlctl_requests_total{").stream().sorted().collect(Collectors.toList()));
    assertEquals(2, lines(s, "mlctl_predictions_total{").stream().filter(l -> l.endsWith(" 20000.0")).count());
  }

  @Test
  void contentType_isPrometheusText004() {
    assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType());
  }
}
