package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.mlctl.core.Version;
import io.mlctl.serve.metrics.ServeMetrics;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, version, request ids, the error shapes and statuses, and a server that keeps serving. */
class ServerFactoryTest {
  @TempDir
  static Path tmp;

  static TestProject project;
  static Running server;
  static Running strict;

  private static final String ROW = "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}";

  @BeforeAll
  static void start() {
    project = TestProject.create(tmp.resolve("p"));
    server = Running.start(project, ServeConfig.loopback(0).withMaxBody(4096), "points@production");
    strict = Running.start(project, ServeConfig.loopback(0).withStrict(true), "points@production");
  }

  @AfterAll
  static void stop() {
    server.close();
    strict.close();
  }

  private static Client c() {
    return server.client;
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String inMessage) {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode j = Client.json(r);
    assertEquals(code, j.at("/error/code").asText(), r.body());
    assertTrue(j.at("/error/message").asText().contains(inMessage), r.body());
    assertFalse(r.body().contains("at io.") || r.body().contains("Exception"), "no stack trace: " + r.body());
  }

  private static HttpResponse<String> predict(String instances) {
    return c().postJson("/v1/models/points:predict", "{\"instances\": [" + instances + "]}");
  }

  @Test
  void healthPingAndVersion_onceLoaded() {
    assertEquals("{\"status\":\"ok\"}", c().get("/health").body());
    assertEquals(200, c().get("/ping").statusCode());
    assertEquals("{\"version\":\"" + Version.get() + "\"}", c().get("/version").body());
  }

  @Test
  void health_beforeTheModelIsLoaded_is503WithTheJsonErrorShape_andV2ReadyIsFalse() {
    Deployment d = new Deployment(project.source(false), Deployment.Plan.of("points@production"), ServeMetrics.create(), null, s -> { });
    Javalin app = ServerFactory.create(d, ServeConfig.loopback(0)).start();
    try {
      Client unloaded = new Client(app.port());
      assertError(unloaded.get("/health"), 503, "not_ready", "loading");
      assertEquals(503, unloaded.get("/ping").statusCode());
      assertEquals(200, unloaded.get("/v2/health/live").statusCode());
      assertEquals(503, unloaded.get("/v2/health/ready").statusCode());
      HttpResponse<String> p = unloaded.postJson("/v1/models/points:predict", "{\"instances\": [" + ROW + "]}");
      assertError(p, 503, "not_ready", "points");
    } finally {
      app.stop();
    }
  }

  @Test
  void everyResponse_carriesTheClientsRequestId_orANewOne_andTheModelVersion() {
    HttpResponse<String> mine = c().send(c().request("/v1/models/points:predict").header("X-Request-Id", "req-42")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + ROW + "]}")).build());
    assertEquals("req-42", mine.headers().firstValue("X-Request-Id").orElseThrow());
    assertEquals("v1", mine.headers().firstValue("X-Model-Version").orElseThrow());
    String a = c().get("/health").headers().firstValue("X-Request-Id").orElseThrow();
    String b = c().get("/health").headers().firstValue("X-Request-Id").orElseThrow();
    assertEquals(32, a.length());
    assertFalse(a.equals(b));
    HttpResponse<String> err = c().get("/v1/models/nope");
    assertTrue(err.headers().firstValue("X-Request-Id").isPresent());
    assertEquals("v1", err.headers().firstValue("X-Model-Version").orElseThrow());
  }

  @Test
  void badJson_is400() {
    assertError(c().postJson("/v1/models/points:predict", "{\"instances\": [" + ROW), 400, "bad_json", "not valid JSON");
    assertError(c().postJson("/v1/models/points:predict", ""), 400, "bad_json", "empty");
    assertError(c().postJson("/v1/models/points:predict", "{\"instances\": []} trailing"), 400, "bad_json", "not valid JSON");
    assertError(c().postJson("/v1/models/points:predict", "{\"rows\": []}"), 400, "bad_request", "instances");
  }

  @Test
  void aMissingFeature_is400NamingTheFeatureAndTheInstance() {
    assertError(predict(ROW + ", {\"x\": 1, \"region\": \"south\"}"), 400, "bad_request", "instance 1: feature 'y' is missing");
  }

  @Test
  void aStringInANumericFeature_is400NamingTheFeatureAndTheInstance() {
    assertError(predict("{\"x\": \"2.38\", \"y\": 5.44, \"region\": \"south\"}"), 400, "bad_request", "instance 0: feature 'x' needs a number");
    assertError(predict("{\"x\": null, \"y\": 5.44, \"region\": \"south\"}"), 400, "bad_request", "instance 0: feature 'x'");
  }

  @Test
  void nanAndInfinity_are400() {
    assertError(predict("{\"x\": NaN, \"y\": 5.44, \"region\": \"south\"}"), 400, "bad_json", "not valid JSON");
    assertError(predict("{\"x\": 1e999, \"y\": 5.44, \"region\": \"south\"}"), 400, "bad_request", "feature 'x' is Infinity");
    HttpResponse<String> csv = c().post("/invocations", "text/csv", "x,y,region\n1,2,south\nNaN,2,north\n");
    assertError(csv, 400, "bad_request", "instance 1: feature 'x' is NaN");
    assertError(c().post("/invocations", "text/csv", "x,y,region\nabc,2,north\n"), 400, "bad_request", "instance 0: feature 'x' needs a number");
  }

  @Test
  void anEmptyInstanceList_is400() {
    assertError(predict(""), 400, "bad_request", "no instances");
  }

  @Test
  void anUnknownFeature_isIgnored_butUnderStrictIs400() {
    String extra = "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\", \"z\": 1}";
    assertEquals(200, predict(extra).statusCode());
    HttpResponse<String> r = strict.client.postJson("/v1/models/points:predict", "{\"instances\": [" + ROW + ", " + extra + "]}");
    assertError(r, 400, "bad_request", "instance 1: unknown feature 'z'");
    String withLabel = "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\", \"label\": \"lo\"}";
    assertEquals(200, strict.client.postJson("/v1/models/points:predict", "{\"instances\": [" + withLabel + "]}").statusCode(),
        "the label column is known to the card, not an unknown feature");
  }

  @Test
  void anUnknownModel_is404_andV2ErrorsAreAString() {
    assertError(c().postJson("/v1/models/nope:predict", "{\"instances\": [" + ROW + "]}"), 404, "unknown_model", "nope");
    HttpResponse<String> v2 = c().postJson("/v2/models/nope/infer", "{\"inputs\": []}");
    assertEquals(404, v2.statusCode());
    assertTrue(Client.json(v2).get("error").isTextual(), v2.body());
    assertError(c().get("/no/such/endpoint"), 404, "not_found", "/no/such/endpoint");
    assertError(c().postJson("/v1/models/points:explode", "{}"), 404, "not_found", "explode");
  }

  @Test
  void aWrongContentType_is415() {
    assertError(c().post("/v1/models/points:predict", "application/x-www-form-urlencoded", "a=b"), 415, "unsupported_media_type", "x-www-form");
    assertError(c().post("/invocations", "text/plain", "x"), 415, "unsupported_media_type", "text/csv");
    HttpResponse<String> v2 = c().post("/v2/models/points/infer", "text/plain", "x");
    assertEquals(415, v2.statusCode());
    assertTrue(Client.json(v2).get("error").asText().contains("application/json"));
  }

  @Test
  void aBodyOverTheLimit_is413_fromContentLengthBeforeTheBodyIsRead() throws Exception {
    String head = "POST /v1/models/points:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 10000000000\r\nConnection: close\r\n\r\n";
    String r = c().raw(head.getBytes(StandardCharsets.US_ASCII));
    assertTrue(r.startsWith("HTTP/1.1 413"), r);
    assertTrue(r.contains("\"code\":\"body_too_large\""), r);
    assertEquals(200, predict(ROW).statusCode(), "the server keeps serving");
  }

  @Test
  void aChunkedBodyOverTheLimit_is413_too() throws Exception {
    StringBuilder req = new StringBuilder("POST /v1/models/points:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    String chunk = "{\"instances\": [" + (ROW + ",").repeat(40);
    for (int i = 0; i < 5; i++) {
      req.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    req.append("0\r\n\r\n");
    String r = c().raw(req.toString().getBytes(StandardCharsets.US_ASCII));
    assertTrue(r.startsWith("HTTP/1.1 413"), r);
    assertEquals(200, predict(ROW).statusCode(), "the server keeps serving");
  }

  @Test
  void aBodyUnderTheLimit_sentChunked_isScored() throws Exception {
    String body = "{\"instances\": [" + ROW + "]}";
    String req = "POST /v1/models/points:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    String r = c().raw(req.getBytes(StandardCharsets.US_ASCII));
    assertTrue(r.startsWith("HTTP/1.1 200"), r);
  }

  @Test
  void openApi_describesEveryRoutedEndpoint() {
    JsonNode doc = Client.json(c().get("/openapi.json"));
    assertEquals("3.0.3", doc.get("openapi").asText());
    List<String> paths = new ArrayList<>();
    for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
      paths.add(it.next());
    }
    assertEquals(List.of("/health", "/ping", "/version", "/v1/models", "/v1/models/{name}", "/v1/models/{name}/drift",
        "/v1/models/{name}:predict", "/v1/models/{name}:explain", "/invocations", "/v2", "/v2/health/live", "/v2/health/ready",
        "/v2/models/{name}", "/v2/models/{name}/ready",
        "/v2/models/{name}/infer", "/metrics", "/admin/reload", "/openapi.json"), paths);
    assertEquals("#/components/schemas/V1Request",
        doc.at("/paths/~1v1~1models~1{name}:predict/post/requestBody/content/application~1json/schema/$ref").asText());
  }

  @Test
  void metrics_countRequestsByStatusAndPredictionsByLabel() {
    predict(ROW);
    predict("");
    String m = c().get("/metrics").body();
    assertTrue(m.contains("mlctl_requests_total{model=\"points\",status=\"200\",version=\"v1\"}"), m);
    assertTrue(m.contains("mlctl_requests_total{model=\"points\",status=\"400\",version=\"v1\"}"), m);
    assertTrue(m.contains("mlctl_predictions_total{label=\""), m);
    assertTrue(m.contains("mlctl_request_duration_seconds_bucket"), m);
    // The JVM's metrics are registered in the background at start: give them a moment.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!m.contains("jvm_") && System.nanoTime() < deadline) {
      m = c().get("/metrics").body();
    }
    assertTrue(m.contains("jvm_"), "JVM basics: " + m.substring(0, Math.min(200, m.length())));
  }

  @Test
  void theServerKeepsServing_afterEveryKindOfBadRequest() {
    for (int i = 0; i < 20; i++) {
      c().postJson("/v1/models/points:predict", "{");
      c().post("/invocations", "text/csv", "x\n");
      c().postJson("/v2/models/points/infer", "{\"inputs\": [{\"name\": \"x\"}]}");
      c().postJson("/invocations", "[1, 2]");
    }
    assertEquals(200, predict(ROW).statusCode());
  }
}
