package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole answer of each endpoint that describes or scores a model, compared as JSON, and the
 * headers that name the version that answered and the request.
 */
class AnswersTest {
  @TempDir
  static Path tmp;

  static TestProject project;
  static Running server;

  private static final String ROW = "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}";

  @BeforeAll
  static void start() {
    project = TestProject.create(tmp.resolve("p"));
    server = Running.start(project, ServeConfig.loopback(0), "points@production", "models/linear.model");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Client c() {
    return server.client;
  }

  private static JsonNode json(String s) {
    return Json.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String linearVersion() {
    return Client.json(c().get("/v1/models/linear")).get("version").asText();
  }

  private static void assertAnsweredBy(String version, HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(version, r.headers().firstValue("X-Model-Version").orElse(null), r.uri().toString());
  }

  @Test
  void v2Metadata_isTheWholeDescription_ofAClassifierAndARegression() {
    assertEquals(json("{\"name\": \"points\", \"versions\": [\"v1\"], \"platform\": \"mlctl-tribuo\", \"inputs\": ["
        + "{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [-1]}, {\"name\": \"y\", \"datatype\": \"FP64\", \"shape\": [-1]},"
        + "{\"name\": \"region\", \"datatype\": \"BYTES\", \"shape\": [-1]}], \"outputs\": ["
        + "{\"name\": \"label\", \"datatype\": \"BYTES\", \"shape\": [-1]}, {\"name\": \"scores\", \"datatype\": \"FP64\", \"shape\": [-1, 2]}]}"),
        Client.json(c().get("/v2/models/points")));
    String v = linearVersion();
    assertEquals(json("{\"name\": \"linear\", \"versions\": [\"" + v + "\"], \"platform\": \"mlctl-tribuo\", \"inputs\": ["
        + "{\"name\": \"x1\", \"datatype\": \"FP64\", \"shape\": [-1]}, {\"name\": \"x2\", \"datatype\": \"FP64\", \"shape\": [-1]},"
        + "{\"name\": \"kind\", \"datatype\": \"BYTES\", \"shape\": [-1]}], \"outputs\": ["
        + "{\"name\": \"output-0\", \"datatype\": \"FP64\", \"shape\": [-1]}]}"),
        Client.json(c().get("/v2/models/linear")));
    assertEquals(json("{\"name\": \"mlctl\", \"version\": \"" + Version.get() + "\", \"extensions\": []}"), Client.json(c().get("/v2")));
    assertAnsweredBy("v1", c().get("/v2/models/points"));
    assertAnsweredBy("v1", c().get("/v2/models/points/ready"));
  }

  @Test
  void v1Models_listEachModelsNameRefVersionReadinessAndTask_andOneModelItsCard() {
    JsonNode list = Client.json(c().get("/v1/models"));
    assertEquals(json("{\"models\": [{\"name\": \"points\", \"ref\": \"points@production\", \"version\": \"v1\", \"ready\": true,"
        + " \"task\": \"classification\"}, {\"name\": \"linear\", \"ref\": \"models/linear.model\", \"version\": \"" + linearVersion()
        + "\", \"ready\": true, \"task\": \"regression\"}]}"), list);

    HttpResponse<String> one = c().get("/v1/models/points");
    assertAnsweredBy("v1", one);
    JsonNode j = Client.json(one);
    assertEquals(java.util.List.of("name", "ref", "version", "ready", "card"), fieldNames(j));
    assertEquals("points", j.get("name").asText());
    assertEquals("points@production", j.get("ref").asText());
    assertEquals("v1", j.get("version").asText());
    assertEquals(true, j.get("ready").asBoolean());
    assertEquals("label", j.at("/card/label").asText());
  }

  private static java.util.List<String> fieldNames(JsonNode j) {
    java.util.List<String> out = new java.util.ArrayList<>();
    j.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void v2Infer_answersEveryOutputsNameTypeShapeAndData() {
    String body = "{\"id\": \"r1\", \"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP64\", \"shape\": [2, 2], \"data\": [2.38, 5.44, 9.16, 4.74]},"
        + "{\"name\": \"region\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"south\", \"north\"]}]}";
    String perFeature = "{\"id\": \"r1\", \"inputs\": [{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [2], \"data\": [2.38, 9.16]},"
        + "{\"name\": \"y\", \"datatype\": \"FP64\", \"shape\": [2], \"data\": [5.44, 4.74]},"
        + "{\"name\": \"region\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"south\", \"north\"]}]}";
    HttpResponse<String> r = c().postJson("/v2/models/points/infer", perFeature);
    assertAnsweredBy("v1", r);
    JsonNode j = Client.json(r);
    JsonNode v1 = Client.json(c().postJson("/v1/models/points:predict", "{\"instances\": [" + ROW
        + ", {\"x\": 9.16, \"y\": 4.74, \"region\": \"north\"}]}"));
    java.util.List<String> classes = fieldNames(v1.at("/predictions/0/scores"));
    StringBuilder scores = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      for (String c : classes) {
        scores.append(scores.length() == 0 ? "" : ",").append(v1.at("/predictions/" + i + "/scores/" + c).asDouble());
      }
    }
    assertEquals(json("{\"model_name\": \"points\", \"model_version\": \"v1\", \"id\": \"r1\", \"outputs\": ["
        + "{\"name\": \"label\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"" + v1.at("/predictions/0/label").asText()
        + "\", \"" + v1.at("/predictions/1/label").asText() + "\"]},"
        + "{\"name\": \"scores\", \"datatype\": \"FP64\", \"shape\": [2, 2], \"data\": [" + scores + "]}]}"), j);
    assertEquals(400, c().postJson("/v2/models/points/infer", body).statusCode(), "a matrix beside another input is not the features");

    HttpResponse<String> linear = c().postJson("/v2/models/linear/infer",
        "{\"inputs\": [{\"name\": \"x1\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [2]},"
            + "{\"name\": \"x2\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [5]},"
            + "{\"name\": \"kind\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"p\"]}]}");
    assertAnsweredBy(linearVersion(), linear);
    double value = Client.json(c().postJson("/v1/models/linear:predict", "{\"instances\": [{\"x1\": 2, \"x2\": 5, \"kind\": \"p\"}]}"))
        .at("/predictions/0/value").asDouble();
    JsonNode lj = Client.json(linear);
    assertEquals(json("[{\"name\": \"output-0\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [" + value + "]}]"), lj.get("outputs"));
  }

  @Test
  void mlflowAndExplain_nameTheVersionThatAnswered() {
    HttpResponse<String> m = c().postJson("/invocations", "{\"instances\": [" + ROW + "]}");
    assertAnsweredBy("v1", m);
    assertEquals(java.util.List.of("predictions"), fieldNames(Client.json(m)));

    HttpResponse<String> e = c().postJson("/v1/models/points:explain?top=2&seed=5", "{\"instances\": [" + ROW + "]}");
    assertAnsweredBy("v1", e);
    JsonNode j = Client.json(e);
    assertEquals(java.util.List.of("model", "version", "seed", "explanations"), fieldNames(j));
    assertEquals(5, j.get("seed").asInt());
    JsonNode one = j.at("/explanations/0");
    assertEquals(java.util.List.of("label", "scores", "features"), fieldNames(one));
    assertEquals(java.util.List.of("hi", "lo"), fieldNames(one.get("scores")).stream().sorted().toList());
    assertEquals(1.0, one.at("/scores/hi").asDouble() + one.at("/scores/lo").asDouble(), 1e-6);
    assertEquals(java.util.List.of("feature", "weight"), fieldNames(one.at("/features/1")));
    assertTrue(one.at("/features/1/weight").isNumber());
  }

  @Test
  void v1Call_ofAVerbWithoutAModelName_isAnUnknownModel_andWithoutAVerbNotFound() {
    HttpResponse<String> noName = c().postJson("/v1/models/:predict", "{\"instances\": [" + ROW + "]}");
    assertEquals(404, noName.statusCode(), noName.body());
    assertEquals("unknown_model", Client.json(noName).at("/error/code").asText());
    assertEquals("unknown model '' (this server serves points, linear)", Client.json(noName).at("/error/message").asText());
    HttpResponse<String> verbOnly = c().postJson("/v1/models/points:", "{}");
    assertEquals(404, verbOnly.statusCode(), verbOnly.body());
    assertEquals("no such endpoint: POST /v1/models/points: (use /v1/models/NAME:predict or NAME:explain)",
        Client.json(verbOnly).at("/error/message").asText());
  }

  @Test
  void theClientsRequestId_isKeptWhenItIsPrintableAndAtMost200Characters() {
    assertEquals("!~", requestId("!~"));
    assertEquals("a".repeat(200), requestId("a".repeat(200)));
    assertNotEquals("a".repeat(201), requestId("a".repeat(201)));
    assertEquals(32, requestId("a b").length(), "a space: replaced by a new id");
  }

  private static String requestId(String given) {
    HttpResponse<String> r = c().send(c().request("/health").header("X-Request-Id", given).GET().build());
    return r.headers().firstValue("X-Request-Id").orElseThrow();
  }

  @Test
  void columnsAndTensorsOfDifferentLengths_startingEmpty_areA400() {
    HttpResponse<String> columns = c().postJson("/invocations", "{\"inputs\": {\"x\": [], \"y\": [1], \"region\": [\"s\"]}}");
    assertEquals(400, columns.statusCode(), columns.body());
    assertEquals("inputs: the columns have different lengths (0 and 1)", Client.json(columns).at("/error/message").asText());
    HttpResponse<String> tensors = c().postJson("/v2/models/points/infer",
        "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [0], \"data\": []},"
            + "{\"name\": \"y\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [1]}]}");
    assertEquals(400, tensors.statusCode(), tensors.body());
    assertEquals("the inputs have different lengths (0 and 1 for 'y')", Client.json(tensors).get("error").asText());
    HttpRequest.Builder b = c().request("/v1/models/points:predict").header("Content-Type", "application/json");
    assertEquals(400, c().send(b.POST(HttpRequest.BodyPublishers.ofString("{\"instances\": []}")).build()).statusCode());
  }
}
