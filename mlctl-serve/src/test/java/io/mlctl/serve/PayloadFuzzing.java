package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * What the fuzz tests of the server's payloads check (docs/fuzzing.md): whatever body a client
 * sends, the answer is a 200 with a JSON body, or a 4xx with the contract's error shape
 * ({@code {"error": {"code", "message"}}}, V2: {@code {"error": "…"}}); never a 500, which is
 * what any exception other than the server's own refusals becomes. The bodies go through the real
 * server (routes, body limit, decoding, the card's checks, scoring, the request log) on a loopback
 * port, in this JVM, so Jazzer sees the coverage of the server's threads.
 */
final class PayloadFuzzing {
  /** How long {@code mvn -Pfuzz} fuzzes each target; plain {@code mvn verify} only replays the seeds. */
  static final String LONG_RUN = "60s";

  private PayloadFuzzing() {}

  static Running start(Path tmp) {
    TestProject p = TestProject.create(tmp.resolve("p"));
    return Running.start(p.source(false), Deployment.Plan.of("points@production", "models/linear.model"),
        ServeConfig.loopback(0), tmp.resolve("serve"));
  }

  /** Posts {@code body} and checks the answer; {@code v2} for the Open Inference Protocol's error shape. */
  static void post(Running server, String path, String contentType, byte[] body, boolean v2) {
    HttpResponse<String> r = server.client.send(server.client.request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    int status = r.statusCode();
    if (status != 200 && (status < 400 || status > 499)) {
      fail("HTTP " + status + " for POST " + path + ": " + r.body());
    }
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("HTTP " + status + " with a body that is not JSON: " + r.body(), e);
    }
    if (status == 200) {
      assertTrue(answer.isObject() && (answer.has("predictions") || answer.has("outputs")), r.body());
      return;
    }
    JsonNode error = answer.get("error");
    if (v2) {
      assertTrue(error != null && error.isTextual() && !error.asText().isBlank(), r.body());
    } else {
      assertTrue(error != null && error.path("code").isTextual() && error.path("message").isTextual(), r.body());
      assertEquals(2, error.size(), r.body());
    }
  }
}
