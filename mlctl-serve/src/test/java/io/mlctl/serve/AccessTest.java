package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token, CORS and the idle timeout that ends slow clients. */
class AccessTest {
  @TempDir
  static Path tmp;

  static Running server;

  private static final String BODY = "{\"instances\": [{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}]}";

  @BeforeAll
  static void start() {
    TestProject p = TestProject.create(tmp.resolve("p"));
    server = Running.start(p, ServeConfig.loopback(0).withToken("s3cret").withCors("https://app.example")
        .withIdleTimeout(Duration.ofMillis(700)), "points@production");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Client c() {
    return server.client;
  }

  private static HttpResponse<String> predict(String authorization) {
    HttpRequest.Builder b = c().request("/v1/models/points:predict").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(BODY));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return c().send(b.build());
  }

  @Test
  void withoutTheToken_everythingButHealthIs401() {
    HttpResponse<String> r = predict(null);
    assertEquals(401, r.statusCode());
    assertEquals("unauthorized", Client.json(r).at("/error/code").asText());
    assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals(401, predict("Bearer wrong").statusCode());
    assertEquals(401, predict("Basic czNjcmV0").statusCode());
    for (String path : new String[] {"/metrics", "/version", "/v1/models", "/openapi.json", "/v2/models/points"}) {
      assertEquals(401, c().get(path).statusCode(), path);
    }
    assertEquals(401, c().postJson("/admin/reload", "").statusCode());
    for (String path : new String[] {"/health", "/ping", "/v2/health/live", "/v2/health/ready"}) {
      assertEquals(200, c().get(path).statusCode(), path);
    }
  }

  @Test
  void withTheToken_requestsAreAnswered() {
    assertEquals(200, predict("Bearer s3cret").statusCode());
    assertEquals(200, predict("bearer s3cret").statusCode());
    HttpResponse<String> reload = c().send(c().request("/admin/reload").header("Authorization", "Bearer s3cret")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, reload.statusCode(), reload.body());
    assertEquals("points", Client.json(reload).at("/models/0/name").asText());
  }

  @Test
  void tokenComparison_needsTheWholeToken() {
    byte[] t = "s3cret".getBytes(StandardCharsets.UTF_8);
    assertTrue(ServerFactory.authorized("Bearer s3cret", t));
    assertFalse(ServerFactory.authorized("Bearer s3cre", t));
    assertFalse(ServerFactory.authorized("Bearer s3cretx", t));
    assertFalse(ServerFactory.authorized(null, t));
    assertFalse(ServerFactory.authorized("s3cret", t));
  }

  @Test
  void cors_theAllowedOriginGetsTheHeaders_andAPreflightNeedsNoToken() {
    HttpResponse<String> pre = c().send(c().request("/v1/models/points:predict").header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(204, pre.statusCode(), pre.body());
    assertEquals("https://app.example", pre.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
    HttpResponse<String> r = c().send(c().request("/health").header("Origin", "https://app.example").build());
    assertEquals("https://app.example", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("X-Request-Id"));
    HttpResponse<String> other = c().send(c().request("/health").header("Origin", "https://evil.example").build());
    assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void aClientThatStopsSending_isCutOffAfterTheIdleTimeout_andOthersAreServed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.app.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("POST /v1/models/points:predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\nContent-Length: 100\r\n\r\n{\"inst"
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      // The server ends the connection (the read sees its end) long before the socket's own
      // 10 s timeout would throw: no clock is read, the idle timeout is 700 ms.
      byte[] all = s.getInputStream().readAllBytes();
      String answer = new String(all, StandardCharsets.US_ASCII);
      assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.1 5"),
          "a half-sent request gets no success: " + answer);
      assertFalse(answer.contains("\"predictions\""), answer);
    }
    assertEquals(200, predict("Bearer s3cret").statusCode());
  }
}
