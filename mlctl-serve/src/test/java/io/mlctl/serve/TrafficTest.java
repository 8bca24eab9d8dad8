package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.serve.log.RequestLog;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canary and shadow traffic, the request log they write, and a graceful stop. */
class TrafficTest {
  @TempDir
  static Path tmp;

  static TestProject project;

  private static final String[] ROWS = {
      "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}", "{\"x\": 9.16, \"y\": 4.74, \"region\": \"north\"}",
      "{\"x\": 6.06, \"y\": 9.09, \"region\": \"south\"}", "{\"x\": 5.0, \"y\": 5.0, \"region\": \"west\"}"};

  @BeforeAll
  static void setUp() {
    project = TestProject.create(tmp.resolve("p"));
  }

  private static List<JsonNode> logLines(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    List<Path> files = new ArrayList<>(RequestLog.files(dir));
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        if (!line.isBlank()) {
          out.add(Json.MAPPER.readTree(line));
        }
      }
    }
    return out;
  }

  @Test
  void canary_answersItsShareOf2000Requests_andMetricsAndLogSayWhichVersion() throws Exception {
    Path logs = tmp.resolve("canary-logs");
    Map<String, Integer> byVersion = new HashMap<>();
    String metrics;
    try (Running r = Running.start(project.source(false), new Deployment.Plan(List.of("points@production"), "points@v2", 10, null),
        ServeConfig.loopback(0), logs)) {
      for (int i = 0; i < 2000; i++) {
        HttpResponse<String> resp = r.client.postJson("/v1/models/points:predict", "{\"instances\": [" + ROWS[i % ROWS.length] + "]}");
        assertEquals(200, resp.statusCode(), resp.body());
        byVersion.merge(resp.headers().firstValue("X-Model-Version").orElseThrow(), 1, Integer::sum);
      }
      metrics = r.client.get("/metrics").body();
    }
    int canary = byVersion.getOrDefault("v2", 0);
    assertTrue(canary >= 180 && canary <= 220, "canary answered " + canary + " of 2000: " + byVersion);
    assertEquals(2000, canary + byVersion.getOrDefault("v1", 0));
    assertTrue(metrics.contains("mlctl_requests_total{model=\"points\",status=\"200\",version=\"v2\"} " + canary + ".0"), metrics);
    List<JsonNode> lines = logLines(logs);
    assertEquals(2000, lines.size());
    assertEquals(canary, lines.stream().filter(l -> l.get("role").asText().equals("canary") && l.get("version").asText().equals("v2")).count());
  }

  @Test
  void shadow_neverChangesAResponse_andItsAnswersGoOnlyToTheLog() throws Exception {
    Path logs = tmp.resolve("shadow-logs");
    List<String> plain = new ArrayList<>();
    try (Running r = Running.start(project, ServeConfig.loopback(0), "points@production")) {
      for (String row : ROWS) {
        plain.add(Client.json(r.client.postJson("/v1/models/points:predict", "{\"instances\": [" + row + "]}")).get("predictions").toString());
      }
    }
    try (Running r = Running.start(project.source(false), new Deployment.Plan(List.of("points@production"), null, 0, "points@v2"),
        ServeConfig.loopback(0), logs)) {
      for (int i = 0; i < ROWS.length; i++) {
        HttpResponse<String> resp = r.client.send(r.client.request("/v1/models/points:predict").header("X-Request-Id", "shadow-" + i)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + ROWS[i] + "]}")).build());
        assertEquals(200, resp.statusCode());
        JsonNode j = Client.json(resp);
        assertEquals("v1", j.get("version").asText());
        assertEquals(plain.get(i), j.get("predictions").toString(), "the shadow must not change what is answered");
      }
    }
    List<JsonNode> lines = logLines(logs);
    assertEquals(2 * ROWS.length, lines.size(), lines.toString());
    for (int i = 0; i < ROWS.length; i++) {
      String id = "shadow-" + i;
      List<JsonNode> mine = lines.stream().filter(l -> l.get("request_id").asText().equals(id)).toList();
      assertEquals(2, mine.size(), id);
      assertTrue(mine.stream().anyMatch(l -> l.get("role").asText().equals("primary") && l.get("version").asText().equals("v1")));
      assertTrue(mine.stream().anyMatch(l -> l.get("role").asText().equals("shadow") && l.get("version").asText().equals("v2")));
    }
    JsonNode first = lines.stream().filter(l -> l.get("role").asText().equals("primary")).findFirst().orElseThrow();
    assertEquals(2.38, first.at("/inputs/0/x").asDouble(), 1e-9);
    assertTrue(first.at("/outputs/0/label").isTextual(), first.toString());
  }

  /** Waits up to ten seconds for {@code condition}, polling: the server works on threads of its own. */
  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited 10 s for " + what);
      Thread.sleep(5);
    }
  }

  @Test
  void shutdown_finishesTheRequestInFlight_andRefusesNewConnections() throws Exception {
    Running r = Running.start(project, ServeConfig.loopback(0), "points@production");
    int port = r.app.port();
    String body = "{\"instances\": [" + ROWS[0] + "]}";
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      var out = s.getOutputStream();
      out.write(("POST /v1/models/points:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body.substring(0, 5)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      // In flight: its headers read and its handling begun, its body still coming.
      awaitTrue(() -> ServerFactory.inFlight(r.app) == 1, "the request to be in flight");
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> ServerFactory.shutdown(r.app, Duration.ofSeconds(10)));
      awaitTrue(() -> !ServerFactory.accepting(r.app), "the server to stop accepting");
      boolean refused;
      try (java.net.Socket late = new java.net.Socket("127.0.0.1", port)) {
        refused = false;
      } catch (java.net.ConnectException e) {
        refused = true;
      }
      assertTrue(refused, "a stopping server accepts no new connection");
      out.write(body.substring(5).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 200", answer);
      stopping.get(15, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      r.deployment.close();
    }
  }
}
